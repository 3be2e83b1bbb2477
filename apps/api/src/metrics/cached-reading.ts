/**
 * A value read at most once per `ttlMs`, and once at a time: callers that arrive while a reading is under
 * way wait for it rather than start another, and a reading younger than `ttlMs` is answered as it is. A
 * failed reading is not kept: the next caller reads again.
 */
export class CachedReading<T> {
  private last: { value: T; at: number } | undefined;
  private inFlight: Promise<T> | undefined;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.last && this.now() - this.last.at < this.ttlMs) return Promise.resolve(this.last.value);
    // Started on a later tick, so that it is in `inFlight` before it can finish (and clear it).
    this.inFlight ??= Promise.resolve().then(() => this.readAndKeep());
    return this.inFlight;
  }

  private async readAndKeep(): Promise<T> {
    try {
      const value = await this.read();
      this.last = { value, at: this.now() };
      return value;
    } finally {
      this.inFlight = undefined;
    }
  }
}
