export * from './certificate-application';
export * from './search-attributes';
export * from './task-queues';
