/**
 * Whether an error says the database could not be reached or used for now, rather than that the query was
 * wrong: no connection from the pool in time, connection refused or reset, the server shutting down or
 * starting (SQLSTATE 57P01-57P03), or a connection exception (class 08). The api answers these 503 (try
 * again), not 500. TypeORM wraps the driver's error in `driverError`; both are looked at.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    if (describesUnavailability(current)) return true;
    const { driverError, cause } = current as { driverError?: unknown; cause?: unknown };
    current = driverError ?? cause;
  }
  return false;
}

const UNAVAILABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE']);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);

function describesUnavailability(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  // node-postgres's pool gives no code for these two.
  return /timeout exceeded when trying to connect|Connection terminated/i.test(error.message);
}
