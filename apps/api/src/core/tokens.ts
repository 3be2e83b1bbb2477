/** Injection tokens for the values the api builds once at start-up. */
export const CONFIG = Symbol('PassageConfig');
export const DATA_SOURCE = Symbol('DataSource');
export const TEMPORAL_CLIENT = Symbol('TemporalClient');
export const TEMPORAL_CONNECTION = Symbol('TemporalConnection');
export const LOGGER = Symbol('Logger');
/** The instant monitoring measures lateness at: the machine's clock, or in tests the time-skipping server's. */
export const MONITORING_CLOCK = Symbol('MonitoringClock');
export type MonitoringClock = () => Promise<Date>;

/** Who issues Passage's bearer tokens, and for whom: checked on every request. */
export const JWT_ISSUER = 'passage';
export const JWT_AUDIENCE = 'passage-api';

/** The HostResolver the api checks webhook addresses with (tests give one that sends no DNS query). */
export const HOST_RESOLVER = Symbol('HostResolver');
