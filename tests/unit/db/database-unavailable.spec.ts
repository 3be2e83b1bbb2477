import { runInNewContext } from 'node:vm';
import { isDatabaseUnavailable } from '../../../libs/db/database-unavailable';

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });
/** An error of another realm (as Node's net module's errors are, seen from jest's vm context): no instance of this Error. */
const foreign = (code: string, message: string): Error =>
  runInNewContext('Object.assign(new Error(message), { code })', { message, code }) as Error;
/** TypeORM's QueryFailedError shape: its own message, the driver's error beside it. */
const wrapped = (driverError: Error): Error => Object.assign(new Error(driverError.message), { driverError });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['no pooled connection in time', new Error('timeout exceeded when trying to connect')],
    ['connection refused', withCode('ECONNREFUSED')],
    ['connection reset', withCode('ECONNRESET')],
    ['server shutting down (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['server starting (57P03)', withCode('57P03', 'the database system is starting up')],
    ['connection exception (08006)', withCode('08006')],
    ['connection terminated', new Error('Connection terminated unexpectedly')],
    ['wrapped by TypeORM', wrapped(withCode('57P01'))],
    ['a deadlock victim, after its retries (40P01)', wrapped(withCode('40P01', 'deadlock detected'))],
    ['connection refused, from another realm', foreign('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset, from another realm, wrapped by TypeORM', wrapped(foreign('ECONNRESET', 'read ECONNRESET'))],
  ])('%s: yes', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', withCode('23505', 'duplicate key value')],
    ['invalid text (22P02)', wrapped(withCode('22P02', 'invalid input syntax'))],
    ['a syntax error (42601)', withCode('42601')],
    ['a plain bug', new TypeError('Cannot read properties of undefined')],
    ['not an error', 'timeout exceeded when trying to connect'],
    ['a unique violation from another realm', foreign('23505', 'duplicate key value')],
  ])('%s: no', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
