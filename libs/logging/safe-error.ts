/**
 * An error as a log line may show it: what names the failure (its class, its code or failure type, where
 * it was thrown), never what a database error carries along. A TypeORM QueryFailedError holds the query's
 * parameters and the driver's error, and PostgreSQL's own messages quote values ('invalid input syntax for
 * type uuid: "…"', a duplicate key's detail): those are personal data as often as not, so for a database
 * error the message is left out too. Other errors keep their message: ours name fields and rules, never values.
 */
export function safeError(value: unknown, depth = 0): unknown {
  // A name or code already chosen by the caller stays as it is; any other non-error says only its kind.
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (!(value instanceof Error)) return { type: typeof value };
  const error = value as Error & { code?: unknown; type?: unknown; cause?: unknown };
  const fields: Record<string, unknown> = { name: error.name };
  if (typeof error.code === 'string') fields['code'] = error.code;
  if (typeof error.type === 'string') fields['type'] = error.type;
  const database = isDatabaseError(error);
  if (!database) fields['message'] = error.message;
  // The stack's first line repeats the message; its frames say where, and carry no data.
  if (error.stack) fields['stack'] = error.stack.split('\n').slice(1).join('\n');
  if (error.cause !== undefined && depth < 3) fields['cause'] = safeError(error.cause, depth + 1);
  return fields;
}

function isDatabaseError(error: Error & { code?: unknown }): boolean {
  return (
    error.name === 'QueryFailedError' ||
    'driverError' in error ||
    'parameters' in error ||
    (typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code)) // a SQLSTATE
  );
}
