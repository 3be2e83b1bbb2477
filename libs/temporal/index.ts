export * from './connect';
export * from './connection-options';
export * from './payload-codec';
