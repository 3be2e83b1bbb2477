import { finishChainWalk, GENESIS_HASH, startChainWalk, walkChain, type ChainEntry } from '../../../libs/domain';

const h = (n: number): string => n.toString(16).padStart(64, '0');

/** A well-formed chain of `n` entries: entry i has hash h(i) and links to h(i - 1) (the genesis for the first). */
function chain(n: number): ChainEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(100 + i),
    chainSeq: i + 1,
    previousHash: i === 0 ? GENESIS_HASH : h(i),
    hash: h(i + 1),
    recomputedHash: h(i + 1),
    caseActionDigest: null,
    recomputedCaseActionDigest: null,
  }));
}

describe('audit chain walk', () => {
  it('accepts an intact chain walked in batches, ending at the head', () => {
    const entries = chain(7);
    let walk = startChainWalk();
    for (const batch of [entries.slice(0, 3), entries.slice(3, 6), entries.slice(6), []]) walk = walkChain(walk, batch);
    expect(finishChainWalk(walk, { lastSeq: 7, lastHash: h(7) })).toEqual({ entries: 7, lastSeq: 7, lastHash: h(7), broken: null });
  });

  it('accepts the empty chain at the genesis head', () => {
    expect(finishChainWalk(walkChain(startChainWalk(), []), { lastSeq: 0, lastHash: GENESIS_HASH }).broken).toBeNull();
  });

  it.each([
    ['an entry whose columns changed', (c: ChainEntry[]) => (c[3]!.recomputedHash = h(999)), 'hash', '103'],
    ['an entry re-hashed after a change, so its successor no longer links', (c: ChainEntry[]) => ((c[3]!.hash = h(999)), (c[3]!.recomputedHash = h(999))), 'previous-hash', '104'],
    ['an entry removed from the middle', (c: ChainEntry[]) => c.splice(2, 1), 'sequence', '103'],
    ['an entry slipped in with a taken number', (c: ChainEntry[]) => c.splice(2, 0, { ...c[2]!, id: '999' }), 'sequence', '102'],
    ['the first entry not linking to the genesis', (c: ChainEntry[]) => (c[0]!.previousHash = h(5)), 'previous-hash', '100'],
    ['a case action changed under its entry', (c: ChainEntry[]) => ((c[4]!.caseActionDigest = h(1)), (c[4]!.recomputedCaseActionDigest = h(2))), 'case-action', '104'],
    ['a case action removed under its entry', (c: ChainEntry[]) => ((c[4]!.caseActionDigest = h(1)), (c[4]!.recomputedCaseActionDigest = null)), 'case-action', '104'],
  ])('names the first break: %s', (_, tamper, rule, entryId) => {
    const entries = chain(6);
    tamper(entries);
    const walk = walkChain(startChainWalk(), entries);
    expect(walk.broken).toMatchObject({ rule, entryId });
    // Stops there: what follows changes nothing.
    expect(walkChain(walk, chain(3))).toBe(walk);
    expect(finishChainWalk(walk, { lastSeq: 6, lastHash: h(6) })).toBe(walk);
  });

  it('counts entries checked before the break', () => {
    const entries = chain(6);
    entries[4]!.recomputedHash = h(0);
    expect(walkChain(startChainWalk(), entries)).toMatchObject({ entries: 4, lastSeq: 4, lastHash: h(4) });
  });

  it('finds entries removed from the end against the head', () => {
    const walk = walkChain(startChainWalk(), chain(4));
    expect(finishChainWalk(walk, { lastSeq: 6, lastHash: h(6) }).broken).toEqual({ entryId: null, chainSeq: 5, rule: 'head' });
    expect(finishChainWalk(walk, { lastSeq: 4, lastHash: h(9) }).broken).toMatchObject({ rule: 'head' });
  });
});
