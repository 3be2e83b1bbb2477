import { Writable } from 'node:stream';
import { createLogger } from '../../libs/logging';

/** A database error logged by any process carries neither its query's parameters nor PostgreSQL's quoted values. */
describe('logged errors', () => {
  function capture(): { lines: string[]; stream: Writable } {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    return { lines, stream };
  }

  const IDENTITY = '36010219900307242X';

  function queryFailedError(): Error {
    // The shape TypeORM gives a failed query: the SQL, its parameters, the driver's error (with the server's detail).
    const driverError = Object.assign(new Error(`duplicate key value violates unique constraint`), {
      code: '23505',
      detail: `Key (identity_number)=(${IDENTITY}) already exists.`,
    });
    return Object.assign(new Error(`invalid input syntax for type uuid: "${IDENTITY}"`), {
      name: 'QueryFailedError',
      code: '22P02',
      query: 'INSERT INTO person (identity_number, full_name) VALUES ($1, $2)',
      parameters: [IDENTITY, '李娜'],
      driverError,
    });
  }

  it('keeps a database error to its class, SQLSTATE and frames, under error and err, at any depth of cause', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', name: 'test', destination: stream });
    logger.warn({ error: queryFailedError() }, 'Activity failed');
    logger.error({ err: new Error('recording failed', { cause: queryFailedError() }) }, 'unhandled');
    const text = lines.join('\n');
    for (const personal of [IDENTITY, '李娜', 'INSERT INTO person']) expect(text).not.toContain(personal);
    const first = JSON.parse(lines[0]!) as { error: Record<string, unknown> };
    expect(first.error).toMatchObject({ name: 'QueryFailedError', code: '22P02' });
    expect(first.error['message']).toBeUndefined();
    const second = JSON.parse(lines[1]!) as { err: { message: string; cause: Record<string, unknown> } };
    expect(second.err.message).toBe('recording failed');
    expect(second.err.cause).toMatchObject({ name: 'QueryFailedError', code: '22P02' });
  });

  it('keeps the message and failure type of our own errors, and a name given as text', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', name: 'test', destination: stream });
    logger.warn({ error: Object.assign(new Error('No such case.'), { name: 'ApplicationFailure', type: 'NOT_FOUND' }) }, 'Activity failed');
    logger.warn({ error: 'WorkflowNotFoundError' }, 'could not describe');
    expect(JSON.parse(lines[0]!).error).toMatchObject({ name: 'ApplicationFailure', type: 'NOT_FOUND', message: 'No such case.' });
    expect(JSON.parse(lines[1]!).error).toBe('WorkflowNotFoundError');
  });
});
