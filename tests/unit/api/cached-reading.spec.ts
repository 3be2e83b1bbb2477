/** One reading of the record shared by scrapes (apps/api/src/metrics/cached-reading.ts). */
import { CachedReading } from '../../../apps/api/src/metrics/cached-reading';

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('CachedReading', () => {
  it('reuses a reading for its time to live, then reads again', async () => {
    let clock = 0;
    let reads = 0;
    const reading = new CachedReading(async () => ++reads, 10_000, () => clock);
    expect(await reading.get()).toBe(1);
    clock = 9_999;
    expect(await reading.get()).toBe(1);
    clock = 10_000;
    expect(await reading.get()).toBe(2);
  });

  it('shares a reading under way with callers that arrive meanwhile, even with no time to live', async () => {
    const pending = deferred<string>();
    let reads = 0;
    const reading = new CachedReading(() => {
      reads += 1;
      return pending.promise;
    }, 0);
    const first = reading.get();
    const second = reading.get();
    pending.resolve('snapshot');
    expect(await Promise.all([first, second])).toEqual(['snapshot', 'snapshot']);
    expect(reads).toBe(1);
  });

  it('keeps no failed reading: the next caller reads again', async () => {
    let reads = 0;
    const reading = new CachedReading(async () => {
      reads += 1;
      if (reads === 1) throw new Error('database away');
      return 'back';
    }, 60_000);
    await expect(reading.get()).rejects.toThrow('database away');
    expect(await reading.get()).toBe('back');
  });

  it('recovers from a reader that throws before it returns a promise', async () => {
    let reads = 0;
    const reading = new CachedReading<string>(() => {
      reads += 1;
      if (reads === 1) throw new Error('synchronous');
      return Promise.resolve('fine');
    }, 0);
    await expect(reading.get()).rejects.toThrow('synchronous');
    expect(await reading.get()).toBe('fine');
  });
});
