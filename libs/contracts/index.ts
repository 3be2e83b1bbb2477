export * from './cases';
export * from './certificate-application';
export * from './notification-delivery';
export * from './search-attributes';
export * from './task-queues';
export * from './service-report';
export * from './residence-registration';
export * from './case-starts';
