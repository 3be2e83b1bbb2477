import {
  CERTIFICATE_STATUSES,
  DEFAULT_CERTIFICATE_VALIDITY_YEARS,
  certificateNumber,
  parseCertificateNumber,
  publicStatus,
  validUntil,
} from '../../../libs/domain';

describe('certificate numbers', () => {
  it('formats office, year and a 6-digit sequence', () => {
    expect(certificateNumber('360102002', 2026, 123)).toBe('360102002-2026-000123');
    expect(certificateNumber('440306017', 2027, 1)).toBe('440306017-2027-000001');
    expect(certificateNumber('360102', 2026, 999_999)).toBe('360102-2026-999999');
  });

  it('parses what it formats', () => {
    for (const [office, year, sequence] of [
      ['360102002', 2026, 123],
      ['440307013022', 2030, 999_999],
      ['36', 2000, 1],
    ] as const) {
      expect(parseCertificateNumber(certificateNumber(office, year, sequence))).toEqual({
        officeCode: office,
        year,
        sequence,
      });
    }
    expect(parseCertificateNumber(' 360102002-2026-000123 ')).toEqual({
      officeCode: '360102002',
      year: 2026,
      sequence: 123,
    });
  });

  it.each([
    ['36010200', 2026, 1, 'officeCode'],
    ['360100', 2026, 1, 'officeCode'],
    ['360102002', 1999, 1, 'year'],
    ['360102002', 10000, 1, 'year'],
    ['360102002', 2026.5, 1, 'year'],
    ['360102002', 2026, 0, 'sequence'],
    ['360102002', 2026, 1_000_000, 'sequence'],
    ['360102002', 2026, 1.5, 'sequence'],
  ])('refuses certificateNumber(%p, %p, %p): bad %s', (office, year, sequence, field) => {
    expect(() => certificateNumber(office, year, sequence)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ field }) }),
    );
  });

  it.each([
    '',
    '360102002-2026-123',
    '360102002-2026-0001234',
    '360102002/2026/000123',
    '36010200-2026-000123',
    '360102002-1999-000123',
    '360102002-2026-000000',
    '360102002-26-000123',
    'ABC-2026-000123',
    '360102002-2026-000123-1',
  ])('does not parse %p', (value) => {
    expect(parseCertificateNumber(value)).toBeUndefined();
  });
});

describe('validUntil', () => {
  it('defaults to 3 years, up to and including the same calendar day', () => {
    expect(DEFAULT_CERTIFICATE_VALIDITY_YEARS).toBe(3);
    expect(validUntil('2026-03-15')).toBe('2029-03-15');
    expect(validUntil('2026-03-15', 5)).toBe('2031-03-15');
  });

  it('ends a certificate issued on 29 February on 28 February', () => {
    expect(validUntil('2024-02-29')).toBe('2027-02-28');
    expect(validUntil('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('refuses invalid input', () => {
    expect(() => validUntil('2026-02-30')).toThrow(
      expect.objectContaining({ details: { field: 'issuedOn', rule: 'calendar-date' } }),
    );
    expect(() => validUntil('2026-03-15', 0)).toThrow(
      expect.objectContaining({ details: { field: 'years', rule: 'integer-range' } }),
    );
    expect(() => validUntil('2026-03-15', 2.5)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('publicStatus', () => {
  const valid = { status: 'valid' as const, validUntil: '2029-03-15' };

  it('has three stored statuses; expired is derived', () => {
    expect(CERTIFICATE_STATUSES).toEqual(['valid', 'revoked', 'superseded']);
  });

  it('is valid through the last day, in China time', () => {
    expect(publicStatus(valid, new Date('2026-03-15T10:00:00+08:00'))).toBe('valid');
    expect(publicStatus(valid, new Date('2029-03-15T23:59:59.999+08:00'))).toBe('valid');
  });

  it('is expired from the next China day, even while it is still the last day in UTC', () => {
    expect(publicStatus(valid, new Date('2029-03-16T00:00:00+08:00'))).toBe('expired');
    expect(publicStatus(valid, new Date('2029-03-15T16:00:00Z'))).toBe('expired');
  });

  it('keeps revoked and superseded, before and after the end date', () => {
    for (const status of ['revoked', 'superseded'] as const) {
      expect(publicStatus({ status, validUntil: '2029-03-15' }, new Date('2026-06-01T00:00:00Z'))).toBe(status);
      expect(publicStatus({ status, validUntil: '2029-03-15' }, new Date('2031-06-01T00:00:00Z'))).toBe(status);
    }
  });

  it('refuses an invalid end date or instant', () => {
    expect(() => publicStatus({ status: 'valid', validUntil: '2029-02-30' }, new Date())).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => publicStatus(valid, new Date('nope'))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
