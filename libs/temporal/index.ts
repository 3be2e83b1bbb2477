export * from './connect';
export * from './payload-codec';
