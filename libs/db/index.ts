export * from './data-source';
export * from './database-unavailable';
export * from './entities';
export * from './seed/seed';
export * from './repositories';
