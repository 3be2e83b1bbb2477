/**
 * The start/stop boilerplate of a test file's long-lived resource (a stack, a Temporal environment): starts
 * it in beforeAll and stops it in afterAll of the enclosing describe. The getter answers it inside tests,
 * and fails clearly if it did not start.
 *
 *   const env = useStarted('timeSkippingEnv()', timeSkippingEnv, (e) => e.teardown(), 120_000);
 *   it('…', async () => { expect(env().supportsTimeSkipping).toBe(true); });
 */
export function useStarted<T>(what: string, start: () => Promise<T>, stop: (resource: T) => Promise<void>, timeoutMs: number): () => T {
  let resource: T | undefined;

  beforeAll(async () => {
    resource = await start();
  }, timeoutMs);

  afterAll(async () => {
    if (resource !== undefined) await stop(resource);
  });

  return () => {
    if (resource === undefined) throw new Error(`${what} did not start (see the beforeAll error)`);
    return resource;
  };
}
