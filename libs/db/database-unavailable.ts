/**
 * Whether an error says the database could not be reached or used for now, rather than that the query was
 * wrong: no connection from the pool in time, connection refused or reset, the server shutting down or
 * starting (SQLSTATE 57P01-57P03), a deadlock or serialization victim (40P01, 40001), or a connection
 * exception (class 08). The api answers these 503 (try
 * again), not 500. TypeORM wraps the driver's error in `driverError`; both are looked at.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Error-shaped objects, not `instanceof Error`: an error made in another realm (Node's own net module seen
  // from a vm context, as in jest; a worker thread's) is no instance of this realm's Error, and a connection
  // refused or reset comes from there. With instanceof such a request answered 500 instead of 503
  // (tests/integration/faults/postgres-outage.spec.ts).
  for (let current: unknown = error, depth = 0; isErrorLike(current) && depth < 4; depth++) {
    if (describesUnavailability(current)) return true;
    const { driverError, cause } = current as { driverError?: unknown; cause?: unknown };
    current = driverError ?? cause;
  }
  return false;
}

const UNAVAILABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE']);
// 57P0x: the server shutting down or starting. 40P01 / 40001: a deadlock or serialization victim that
// inTransaction already ran again a few times: the same request can succeed in a moment.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '40P01', '40001']);

function isErrorLike(value: unknown): value is { message: string; code?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

function describesUnavailability(error: { message: string; code?: unknown }): boolean {
  const code = error.code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  // node-postgres's pool gives no code for these two.
  return /timeout exceeded when trying to connect|Connection terminated/i.test(error.message);
}
