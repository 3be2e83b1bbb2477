export * from './logger';
export { safeError } from './safe-error';
