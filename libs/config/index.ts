export * from './passage-config';
