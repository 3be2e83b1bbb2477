import {
  ARRIVAL_VERIFICATIONS,
  FEEDBACK_SITUATIONS,
  validateArrival,
  validateResidenceRegistrationPayload,
  type ArrivalDeclaration,
  type ResidenceRegistrationAction,
} from '../../../libs/domain';

const fields = (action: ResidenceRegistrationAction, payload: unknown): string[] =>
  validateResidenceRegistrationPayload(action, payload).map((v) => `${v.field}:${v.rule}`);

const SECRET_NOTE = '张三 moved in with his sister, 13800138000';

describe('feedback payload', () => {
  it('has exactly two situations', () => {
    expect([...FEEDBACK_SITUATIONS]).toEqual(['unchanged', 'changed']);
  });

  it('accepts unchanged with or without a note', () => {
    expect(fields('submit-feedback', { situation: 'unchanged' })).toEqual([]);
    expect(fields('submit-feedback', { situation: 'unchanged', note: 'visited at home' })).toEqual([]);
    expect(fields('submit-feedback', { situation: 'unchanged', note: '   ' })).toEqual([]);
    expect(fields('submit-feedback', { situation: 'unchanged', note: null })).toEqual([]);
  });

  it('asks a change to say what changed', () => {
    expect(fields('submit-feedback', { situation: 'changed', note: 'new employer' })).toEqual([]);
    expect(fields('submit-feedback', { situation: 'changed' })).toEqual(['note:required']);
    expect(fields('submit-feedback', { situation: 'changed', note: null })).toEqual(['note:required']);
    expect(fields('submit-feedback', { situation: 'changed', note: '' })).toEqual(['note:required']);
    expect(fields('submit-feedback', { situation: 'changed', note: ' \t\n ' })).toEqual(['note:required']);
  });

  it('refuses a situation not in the list', () => {
    expect(fields('submit-feedback', {})).toEqual(['situation:one-of']);
    expect(fields('submit-feedback', { situation: 'Changed', note: 'x' })).toEqual(['situation:one-of']);
    expect(fields('submit-feedback', { situation: '' })).toEqual(['situation:one-of']);
    expect(fields('submit-feedback', { situation: ['unchanged'] })).toEqual(['situation:one-of']);
    expect(fields('submit-feedback', { situation: null })).toEqual(['situation:one-of']);
  });

  it('checks the note is text of at most 2000 characters', () => {
    expect(fields('submit-feedback', { situation: 'unchanged', note: 42 })).toEqual(['note:string']);
    expect(fields('submit-feedback', { situation: 'changed', note: { text: 'x' } })).toEqual(['note:string']);
    expect(fields('submit-feedback', { situation: 'changed', note: 'a'.repeat(2000) })).toEqual([]);
    expect(fields('submit-feedback', { situation: 'changed', note: 'a'.repeat(2001) })).toEqual(['note:max-length']);
    expect(fields('submit-feedback', { situation: 'unchanged', note: 'a'.repeat(2001) })).toEqual(['note:max-length']);
  });

  it('reports every broken field, situation first', () => {
    expect(fields('submit-feedback', { situation: 'maybe', note: 7 })).toEqual(['situation:one-of', 'note:string']);
  });

  it('treats a missing or non-object payload as empty', () => {
    expect(fields('submit-feedback', undefined)).toEqual(['situation:one-of']);
    expect(fields('submit-feedback', null)).toEqual(['situation:one-of']);
    expect(fields('submit-feedback', 'changed')).toEqual(['situation:one-of']);
  });

  it('never echoes the note it refuses', () => {
    const violations = validateResidenceRegistrationPayload('submit-feedback', { situation: 'bogus', note: SECRET_NOTE.repeat(100) });
    expect(violations.map((v) => v.field)).toEqual(['situation', 'note']);
    for (const v of violations) {
      expect(v.message).not.toContain('张三');
      expect(v.message).not.toContain('13800138000');
      expect(v.message).not.toContain('bogus');
    }
  });
});

describe('transfer payload', () => {
  it.each(['440307', '440307014', '440307014003'])('accepts the office code %s', (toOfficeCode) => {
    expect(fields('transfer', { toOfficeCode })).toEqual([]);
  });

  it.each([
    ['missing', {}],
    ['a number', { toOfficeCode: 440307014 }],
    ['empty', { toOfficeCode: '' }],
    ['8 digits', { toOfficeCode: '44030701' }],
    ['13 digits', { toOfficeCode: '4403070140031' }],
    ['a padded city code', { toOfficeCode: '440300' }],
    ['a padded county segment', { toOfficeCode: '440300014' }],
    ['letters', { toOfficeCode: '44030701X' }],
    ['spaces', { toOfficeCode: ' 440307014' }],
  ])('refuses a toOfficeCode that is %s', (_label, payload) => {
    expect(fields('transfer', payload)).toEqual(['toOfficeCode:office-code']);
  });

  it('takes an optional note, checked like any text', () => {
    expect(fields('transfer', { toOfficeCode: '440307014', note: 'moved for work' })).toEqual([]);
    expect(fields('transfer', { toOfficeCode: '440307014', note: '' })).toEqual([]);
    expect(fields('transfer', { toOfficeCode: '440307014', note: false })).toEqual(['note:string']);
    expect(fields('transfer', { toOfficeCode: 'x', note: 'a'.repeat(2001) })).toEqual(['toOfficeCode:office-code', 'note:max-length']);
  });

  it('does not name the refused code in the message', () => {
    const [violation] = validateResidenceRegistrationPayload('transfer', { toOfficeCode: '99999999' });
    expect(violation?.field).toBe('toOfficeCode');
    expect(violation?.message).not.toContain('99999999');
  });
});

describe('departure and return payloads', () => {
  it.each(['depart', 'return'] as const)('%s needs nothing but takes a note', (action) => {
    expect(fields(action, {})).toEqual([]);
    expect(fields(action, undefined)).toEqual([]);
    expect(fields(action, { note: 'left for Hangzhou' })).toEqual([]);
    expect(fields(action, { note: 3 })).toEqual(['note:string']);
    expect(fields(action, { note: 'a'.repeat(2001) })).toEqual(['note:max-length']);
  });
});

describe('register payload', () => {
  it('names how the arrival was established', () => {
    expect([...ARRIVAL_VERIFICATIONS]).toEqual(['certificate', 'self-declaration']);
    for (const verification of ARRIVAL_VERIFICATIONS) expect(fields('register', { verification })).toEqual([]);
    expect(fields('register', {})).toEqual(['verification:one-of']);
    expect(fields('register', { verification: 'phone-call' })).toEqual(['verification:one-of']);
    expect(fields('register', null)).toEqual(['verification:one-of']);
  });
});

describe('system action payloads', () => {
  it.each(['announce-arrival', 'send-feedback-reminder', 'escalate-feedback'] as const)('%s carries nothing to check', (action) => {
    expect(fields(action, {})).toEqual([]);
    expect(fields(action, undefined)).toEqual([]);
    expect(fields(action, { note: 7, situation: 'x' })).toEqual([]);
  });

  it('throws on an action it does not know', () => {
    expect(() => validateResidenceRegistrationPayload('acknowledge' as ResidenceRegistrationAction, {})).toThrow('acknowledge');
  });
});

describe('validateArrival', () => {
  const today = '2026-03-10';
  const check = (arrival: ArrivalDeclaration, on = today): string[] => validateArrival(arrival, on).map((v) => `${v.field}:${v.rule}`);

  it('accepts a certificate by its number and code', () => {
    expect(check({ verification: 'certificate', certificateNumber: 'CERT-360102002-2026-000001', verificationCode: 'K7PQ-MX3T', arrivedOn: '2026-03-01' })).toEqual([]);
  });

  it('accepts a certificate by its QR payload alone', () => {
    expect(check({ verification: 'certificate', verificationToken: 'PSG1.abc.def', arrivedOn: '2026-03-01' })).toEqual([]);
  });

  it('refuses both ways at once', () => {
    expect(check({ verification: 'certificate', verificationToken: 'PSG1.abc', certificateNumber: 'CERT-1', verificationCode: 'K7PQ', arrivedOn: '2026-03-01' })).toEqual([
      'verificationToken:one-way',
    ]);
    expect(check({ verification: 'certificate', verificationToken: 'PSG1.abc', certificateNumber: 'CERT-1', arrivedOn: '2026-03-01' })).toEqual([
      'verificationToken:one-way',
    ]);
    expect(check({ verification: 'certificate', verificationToken: 'PSG1.abc', verificationCode: 'K7PQ', arrivedOn: '2026-03-01' })).toEqual([
      'verificationToken:one-way',
    ]);
  });

  it('asks a certificate without a QR payload for both its number and its code', () => {
    expect(check({ verification: 'certificate', arrivedOn: '2026-03-01' })).toEqual(['certificateNumber:required', 'verificationCode:required']);
    expect(check({ verification: 'certificate', certificateNumber: 'CERT-1', arrivedOn: '2026-03-01' })).toEqual(['verificationCode:required']);
    expect(check({ verification: 'certificate', verificationCode: 'K7PQ', arrivedOn: '2026-03-01' })).toEqual(['certificateNumber:required']);
  });

  it('does not ask a certificate for an identity number', () => {
    expect(check({ verification: 'certificate', verificationToken: 'PSG1.abc', identityNumber: undefined, arrivedOn: '2026-03-01' })).toEqual([]);
  });

  it('asks a self-declaration for the identity number, and nothing of a certificate', () => {
    expect(check({ verification: 'self-declaration', identityNumber: '360102199003072423', arrivedOn: '2026-03-01' })).toEqual([]);
    expect(check({ verification: 'self-declaration', arrivedOn: '2026-03-01' })).toEqual(['identityNumber:required']);
  });

  it('accepts an arrival today or earlier, and refuses one tomorrow', () => {
    const declared = (arrivedOn: string): ArrivalDeclaration => ({ verification: 'self-declaration', identityNumber: '360102199003072423', arrivedOn });
    expect(check(declared('2026-03-10'))).toEqual([]);
    expect(check(declared('2025-12-31'))).toEqual([]);
    expect(check(declared('2026-03-11'))).toEqual(['arrivedOn:not-in-future']);
    expect(check(declared('2027-01-01'), '2026-12-31')).toEqual(['arrivedOn:not-in-future']);
    expect(check(declared('2026-12-31'), '2026-12-31')).toEqual([]);
  });

  it('reports the verification fields first, then the date', () => {
    expect(check({ verification: 'certificate', certificateNumber: 'CERT-1', arrivedOn: '2026-04-01' })).toEqual([
      'verificationCode:required',
      'arrivedOn:not-in-future',
    ]);
    expect(check({ verification: 'self-declaration', arrivedOn: '2026-04-01' })).toEqual(['identityNumber:required', 'arrivedOn:not-in-future']);
  });

  it('never echoes the values it refuses', () => {
    const violations = validateArrival(
      { verification: 'certificate', verificationToken: 'PSG1.secret-token', certificateNumber: 'CERT-SECRET-9', arrivedOn: '2026-04-01' },
      today,
    );
    expect(violations).toHaveLength(2);
    for (const v of violations) {
      expect(v.message).not.toContain('secret-token');
      expect(v.message).not.toContain('CERT-SECRET-9');
      expect(v.message).not.toContain('2026-04-01');
    }
  });
});
