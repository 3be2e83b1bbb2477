/** Network I/O shared by the api and the worker: resolving and checking where a webhook may connect. */
export * from './host-resolver';
export * from './address-guard';
