import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { IdpAlgorithm } from './verify-jwt';

interface CachedKey {
  kid: string | undefined;
  alg: string | undefined;
  key: KeyObject;
}

export type FetchKeySet = (url: string) => Promise<unknown>;

export interface JwksCacheOptions {
  url: string;
  ttlMs: number;
  /** The least time between two fetches for a key the set does not hold (an unknown `kid` cannot make the api hammer the provider). */
  minRefetchMs?: number;
  fetchKeySet?: FetchKeySet;
  now?: () => number;
  onFetchFailed?: (reason: string) => void;
}

/** The provider could not be asked for its keys and none are held: the api answers 503, not 401. */
export class KeySetUnavailable extends Error {}

const JWKS_TIMEOUT_MS = 5_000;
const JWKS_MAX_BYTES = 512 * 1024;

/** GET the key set as JSON: 5 s at most, no redirect, at most 512 KiB. */
export async function fetchKeySetOverHttp(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS), redirect: 'error', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`key set answered HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > JWKS_MAX_BYTES) throw new Error('key set too large');
  return JSON.parse(text) as unknown;
}

/**
 * The identity provider's signing keys (JWKS), kept for `ttlMs` and fetched again sooner when a token
 * names a key the set does not hold (the provider rotated its keys), at most once per `minRefetchMs`.
 * Concurrent requests share one fetch. When a fetch fails, the keys held are kept.
 */
export class JwksCache {
  private keys: CachedKey[] = [];
  private fetchedAt: number | null = null;
  private attemptedAt: number | null = null;
  private fetching: Promise<void> | null = null;
  private readonly minRefetchMs: number;
  private readonly now: () => number;
  private readonly fetchKeySet: FetchKeySet;

  constructor(private readonly options: JwksCacheOptions) {
    this.now = options.now ?? Date.now;
    this.fetchKeySet = options.fetchKeySet ?? fetchKeySetOverHttp;
    this.minRefetchMs = options.minRefetchMs ?? 5_000;
  }

  async key(kid: string | undefined, algorithm: IdpAlgorithm): Promise<KeyObject | null> {
    // A fetch under way (the first, say) is waited for rather than taken for a failure.
    if (this.fetching) await this.fetching;
    const age = this.fetchedAt === null ? Number.POSITIVE_INFINITY : this.now() - this.fetchedAt;
    if (age >= this.options.ttlMs && this.mayFetch()) await this.refresh();
    let found = this.pick(kid, algorithm);
    if (!found && this.mayFetch()) {
      await this.refresh();
      found = this.pick(kid, algorithm);
    }
    if (!found && this.fetchedAt === null) throw new KeySetUnavailable('the identity provider key set could not be fetched');
    return found;
  }

  /** Whether the provider may be asked again: not more than once per minRefetchMs, failed attempts included. */
  private mayFetch(): boolean {
    return this.attemptedAt === null || this.now() - this.attemptedAt >= this.minRefetchMs;
  }

  private pick(kid: string | undefined, algorithm: IdpAlgorithm): KeyObject | null {
    const fitting = this.keys.filter((k) => (k.alg === undefined || k.alg === algorithm) && (kid === undefined || k.kid === kid));
    // A token without kid is verified only when the set leaves no choice.
    if (kid === undefined && fitting.length !== 1) return null;
    return fitting[0]?.key ?? null;
  }

  private refresh(): Promise<void> {
    this.fetching ??= (async () => {
      this.attemptedAt = this.now();
      try {
        this.keys = parseKeySet(await this.fetchKeySet(this.options.url));
        this.fetchedAt = this.now();
      } catch (error) {
        // The keys held are kept; the next attempt waits minRefetchMs.
        this.options.onFetchFailed?.(error instanceof Error ? error.message : String(error));
      } finally {
        this.fetching = null;
      }
    })();
    return this.fetching;
  }
}

/** The signing keys of a JWKS document: RSA and EC keys not marked for encryption; a key Node cannot read is left out. */
export function parseKeySet(document: unknown): CachedKey[] {
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('key set has no keys array');
  const parsed: CachedKey[] = [];
  for (const jwk of keys as Array<Record<string, unknown>>) {
    if (typeof jwk !== 'object' || jwk === null) continue;
    if (jwk['use'] !== undefined && jwk['use'] !== 'sig') continue;
    if (jwk['kty'] !== 'RSA' && jwk['kty'] !== 'EC') continue;
    try {
      const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      parsed.push({ kid: typeof jwk['kid'] === 'string' ? jwk['kid'] : undefined, alg: typeof jwk['alg'] === 'string' ? jwk['alg'] : undefined, key });
    } catch {
      // Not a key Node can use: it cannot have signed anything we accept.
    }
  }
  return parsed;
}
