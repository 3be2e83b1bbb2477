/** Injection tokens for the values the api builds once at start-up. */
export const CONFIG = Symbol('PassageConfig');
export const DATA_SOURCE = Symbol('DataSource');
export const TEMPORAL_CLIENT = Symbol('TemporalClient');
export const TEMPORAL_CONNECTION = Symbol('TemporalConnection');
export const LOGGER = Symbol('Logger');
/** The HostResolver the api checks webhook addresses with (tests give one that sends no DNS query). */
export const HOST_RESOLVER = Symbol('HostResolver');
