/**
 * The summary's median and 90th percentile from the time-to-issue buckets: within one bucket's width of
 * PostgreSQL's percentile_cont over the exact times, exact where each bucket holds one time.
 */
import { issueTimeBucketWidth, issueTimePercentile, type IssueTimeBucket } from '../../../libs/db';

/** percentile_cont: linear interpolation between the two ranks around p·(n−1). */
function percentileCont(times: readonly number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  const x = p * (sorted.length - 1);
  const low = Math.floor(x);
  return low === x ? sorted[low]! : sorted[low]! + (x - low) * (sorted[low + 1]! - sorted[low]!);
}

/** The buckets 1764470000000-daily-tally.ts keeps: 6 minutes wide below a day, an hour from there. */
function bucketsOf(times: readonly number[]): IssueTimeBucket[] {
  const byBucket = new Map<number, IssueTimeBucket>();
  for (const s of times) {
    const bucketSeconds = s < 86_400 ? Math.floor(s / 360) * 360 : Math.floor(s / 3600) * 3600;
    const bucket = byBucket.get(bucketSeconds) ?? { bucketSeconds, cases: 0, secondsSum: 0 };
    bucket.cases += 1;
    bucket.secondsSum += s;
    byBucket.set(bucketSeconds, bucket);
  }
  // In no particular order: the estimate sorts them.
  return [...byBucket.values()].reverse();
}

/** A deterministic pseudo-random sequence in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('issue time percentiles from buckets', () => {
  it('is null without issued cases, and ignores empty buckets', () => {
    expect(issueTimePercentile([], 0.5)).toBeNull();
    expect(issueTimePercentile([{ bucketSeconds: 360, cases: 0, secondsSum: 0 }], 0.9)).toBeNull();
  });

  it('is exact where each bucket holds one time', () => {
    const times = [30, 400, 7_300, 90_000, 200_001, 1_728_000];
    for (const p of [0, 0.5, 0.9, 1]) expect(issueTimePercentile(bucketsOf(times), p)).toBeCloseTo(percentileCont(times, p), 6);
  });

  it('is within the width of the bucket above the percentile’s position, for times from minutes to weeks', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const next = random(seed);
      // Many cases in few buckets: most within two days, a tail of weeks.
      const times = Array.from({ length: 50 + seed * 37 }, () => (next() < 0.7 ? next() * 2 * 86_400 : 86_400 * (2 + next() * 40)));
      const sorted = [...times].sort((a, b) => a - b);
      for (const p of [0.1, 0.5, 0.9]) {
        const exact = percentileCont(times, p);
        const above = sorted[Math.ceil(p * (times.length - 1))]!;
        const estimate = issueTimePercentile(bucketsOf(times), p)!;
        expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(issueTimeBucketWidth(above));
      }
    }
  });

  it('keeps identical times where they are', () => {
    // Ten cases all issued 90 minutes after submission: the bucket's mean is its lower bound, no spread.
    expect(issueTimePercentile([{ bucketSeconds: 5400, cases: 10, secondsSum: 54_000 }], 0.9)).toBe(5400);
    expect(issueTimePercentile([{ bucketSeconds: 5400, cases: 10, secondsSum: 54_000 }], 0.5)).toBe(5400);
  });
});
