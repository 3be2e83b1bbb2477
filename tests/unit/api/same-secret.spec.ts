import { sameSecret } from '../../../apps/api/src/common/same-secret';

describe('sameSecret', () => {
  it('is true only for the same secret, whatever the lengths', () => {
    expect(sameSecret('K7PQMX3T', 'K7PQMX3T')).toBe(true);
    expect(sameSecret('K7PQMX3U', 'K7PQMX3T')).toBe(false);
    expect(sameSecret('K7PQ', 'K7PQMX3T')).toBe(false);
    expect(sameSecret('', 'K7PQMX3T')).toBe(false);
    expect(sameSecret('李娜', '李娜')).toBe(true);
  });
});
