/**
 * Checking the audit's hash chain, entry by entry, in the chain's order. The database computes each
 * entry's hash when it is written (libs/db/migrations/1764450000000-audit-chain.ts) and recomputes it from
 * the stored columns when asked; what is decided here is whether the entries, as read, still make one
 * unbroken chain. Pure, so the walker holds one batch at a time and the rules are unit tested.
 */

/** The hash the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** One stored entry as verification reads it. */
export interface ChainEntry {
  id: string;
  chainSeq: number;
  previousHash: string;
  hash: string;
  /** The entry's hash computed again from its stored columns. */
  recomputedHash: string;
  /** For a case action's entry: the digest written with it, and the action row's digest now (null: the row is gone). */
  caseActionDigest: string | null;
  recomputedCaseActionDigest: string | null;
}

/**
 * Why an entry breaks the chain:
 * - `sequence`: its number is not the next one (an entry before it was removed, or one was slipped in);
 * - `previous-hash`: it does not link to the entry before it;
 * - `hash`: its columns were changed after it was written;
 * - `case-action`: the case action it records was changed or removed;
 * - `head`: the chain ends before the recorded head (entries removed from its end);
 * - `case-action-unaudited`: a case action has no entry (written with the audit trigger switched off).
 */
export type ChainBreak = 'sequence' | 'previous-hash' | 'hash' | 'case-action' | 'head' | 'case-action-unaudited';

export interface ChainWalk {
  entries: number;
  lastSeq: number;
  lastHash: string;
  broken: { entryId: string | null; chainSeq: number | null; rule: ChainBreak } | null;
}

export function startChainWalk(): ChainWalk {
  return { entries: 0, lastSeq: 0, lastHash: GENESIS_HASH, broken: null };
}

/** The walk after `batch` (the entries following the last one walked, in order); it stops at the first break. */
export function walkChain(walk: ChainWalk, batch: readonly ChainEntry[]): ChainWalk {
  let { entries, lastSeq, lastHash } = walk;
  if (walk.broken) return walk;
  for (const entry of batch) {
    const rule = breakOf(entry, lastSeq, lastHash);
    if (rule) return { entries, lastSeq, lastHash, broken: { entryId: entry.id, chainSeq: entry.chainSeq, rule } };
    entries += 1;
    lastSeq = entry.chainSeq;
    lastHash = entry.hash;
  }
  return { entries, lastSeq, lastHash, broken: null };
}

function breakOf(entry: ChainEntry, lastSeq: number, lastHash: string): ChainBreak | null {
  if (entry.chainSeq !== lastSeq + 1) return 'sequence';
  if (entry.previousHash !== lastHash) return 'previous-hash';
  if (entry.recomputedHash !== entry.hash) return 'hash';
  if (entry.caseActionDigest !== null && entry.recomputedCaseActionDigest !== entry.caseActionDigest) return 'case-action';
  return null;
}

/** The finished walk must end where the head (read before the walk began) says the chain ends. */
export function finishChainWalk(walk: ChainWalk, head: { lastSeq: number; lastHash: string }): ChainWalk {
  if (walk.broken) return walk;
  if (walk.lastSeq !== head.lastSeq || walk.lastHash !== head.lastHash) {
    return { ...walk, broken: { entryId: null, chainSeq: walk.lastSeq + 1, rule: 'head' } };
  }
  return walk;
}
