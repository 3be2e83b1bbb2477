import { DEFAULT_STATE_THRESHOLDS, durationInWords, parseStateThresholds, waitableStates } from '../../../libs/domain/state-thresholds';

describe('state thresholds', () => {
  it('are the defaults when nothing is configured', () => {
    expect(parseStateThresholds('')).toEqual({ thresholds: DEFAULT_STATE_THRESHOLDS });
    expect(parseStateThresholds(' , ')).toEqual({ thresholds: DEFAULT_STATE_THRESHOLDS });
  });

  it('adds, changes and removes entries, in every unit', () => {
    const parsed = parseStateThresholds(
      'certificate-application.awaiting-approval=90m, service-report.contested=off,residence-registration.arrived=30s,certificate-application.under-review=6h,service-report.awaiting-acknowledgement=2d',
    );
    expect('thresholds' in parsed).toBe(true);
    const thresholds = (parsed as { thresholds: ReadonlyMap<string, number> }).thresholds;
    expect(thresholds.get('certificate-application.awaiting-approval')).toBe(5400);
    expect(thresholds.has('service-report.contested')).toBe(false);
    expect(thresholds.get('residence-registration.arrived')).toBe(30);
    expect(thresholds.get('certificate-application.under-review')).toBe(21600);
    expect(thresholds.get('service-report.awaiting-acknowledgement')).toBe(172800);
    expect(thresholds.get('certificate-application.awaiting-applicant')).toBe(14 * 86400);
  });

  it.each([
    ['certificate-application.under-review', 'is not'],
    ['certificate-application.under-review=0s', 'is not'],
    ['certificate-application.under-review=3w', 'is not'],
    ['certificate-application.under-review=-1d', 'is not'],
    ['certificate-application.issued=1d', 'names no open state'],
    ['parking-permit.open=1d', 'names no open state'],
  ])('refuses %s, naming the entry', (entry, problem) => {
    const parsed = parseStateThresholds(`service-report.contested=1d,${entry}`);
    expect(parsed).toMatchObject({ entry });
    expect((parsed as { problem: string }).problem).toContain(problem);
  });

  it('knows only open states, and every default is one', () => {
    const open = waitableStates();
    expect(open.has('certificate-application.issued')).toBe(false);
    expect(open.has('residence-registration.registered')).toBe(true);
    for (const key of DEFAULT_STATE_THRESHOLDS.keys()) expect(open.has(key)).toBe(true);
  });

  it('says durations in the largest whole unit', () => {
    expect(durationInWords(1)).toBe('1 second');
    expect(durationInWords(59.9)).toBe('59 seconds');
    expect(durationInWords(3600)).toBe('1 hour');
    expect(durationInWords(2 * 86400 + 5)).toBe('2 days');
  });
});
