export * from './connect';
export * from './connection-options';
