import { isDatabaseUnavailable } from '../../../libs/db/database-unavailable';

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });
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
  ])('%s: yes', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', withCode('23505', 'duplicate key value')],
    ['invalid text (22P02)', wrapped(withCode('22P02', 'invalid input syntax'))],
    ['a syntax error (42601)', withCode('42601')],
    ['a plain bug', new TypeError('Cannot read properties of undefined')],
    ['not an error', 'timeout exceeded when trying to connect'],
  ])('%s: no', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
