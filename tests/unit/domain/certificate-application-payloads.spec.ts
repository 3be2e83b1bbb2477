import { CERTIFICATE_APPLICATION_ACTIONS, MAX_PAYLOAD_TEXT_LENGTH, validateActionPayload } from '../../../libs/domain';

describe('validateActionPayload', () => {
  it('requires a reason to reject', () => {
    expect(validateActionPayload('reject', { reason: 'The household record names another person.' })).toEqual([]);
    for (const payload of [undefined, null, {}, { reason: null }, { reason: '   ' }]) {
      expect(validateActionPayload('reject', payload)).toEqual([
        { field: 'reason', rule: 'required', message: 'reason is required' },
      ]);
    }
    expect(validateActionPayload('reject', { reason: 42 })).toEqual([
      { field: 'reason', rule: 'string', message: 'reason must be text' },
    ]);
  });

  it('requires a request for information to say what is missing', () => {
    expect(validateActionPayload('request-information', { missing: ['marriage certificate'] })).toEqual([]);
    expect(validateActionPayload('request-information', { missing: ['a', 'b'], note: 'by post is fine' })).toEqual([]);
    for (const payload of [{}, { missing: [] }, { missing: 'marriage certificate' }]) {
      expect(validateActionPayload('request-information', payload)).toEqual([
        { field: 'missing', rule: 'required', message: 'say what information is missing' },
      ]);
    }
    expect(validateActionPayload('request-information', { missing: ['ok', ' ', 3] })).toEqual([
      { field: 'missing[1]', rule: 'required', message: 'missing[1] is required' },
      { field: 'missing[2]', rule: 'string', message: 'missing[2] must be text' },
    ]);
  });

  it('requires a registry result of match or mismatch', () => {
    expect(validateActionPayload('record-registry-result', { result: 'match' })).toEqual([]);
    expect(validateActionPayload('record-registry-result', { result: 'mismatch' })).toEqual([]);
    for (const payload of [{}, { result: 'MATCH' }, { result: true }]) {
      expect(validateActionPayload('record-registry-result', payload)).toEqual([
        { field: 'result', rule: 'one-of', message: "result must be 'match' or 'mismatch'" },
      ]);
    }
  });

  it('takes optional reasons and notes, but only as bounded text', () => {
    expect(validateActionPayload('withdraw', {})).toEqual([]);
    expect(validateActionPayload('withdraw', { reason: '' })).toEqual([]);
    expect(validateActionPayload('escalate', { reason: 'no answer for 5 days' })).toEqual([]);
    expect(validateActionPayload('review', { note: 'x'.repeat(MAX_PAYLOAD_TEXT_LENGTH) })).toEqual([]);
    expect(validateActionPayload('approve', { note: 'x'.repeat(MAX_PAYLOAD_TEXT_LENGTH + 1) })).toEqual([
      { field: 'note', rule: 'max-length', message: `note must be at most ${MAX_PAYLOAD_TEXT_LENGTH} characters` },
    ]);
    expect(validateActionPayload('supply-information', { note: ['x'] })).toEqual([
      { field: 'note', rule: 'string', message: 'note must be text' },
    ]);
  });

  it('checks the self-declaration flag on submit', () => {
    expect(validateActionPayload('submit', { selfDeclared: true })).toEqual([]);
    expect(validateActionPayload('submit', {})).toEqual([]);
    expect(validateActionPayload('submit', { selfDeclared: 'yes' })).toEqual([
      { field: 'selfDeclared', rule: 'boolean', message: 'selfDeclared must be true or false' },
    ]);
  });

  it.each(['start-registry-check', 'skip-registry-check', 'lapse', 'send-reminder'] as const)(
    'has no rules for %s',
    (action) => {
      expect(validateActionPayload(action, undefined)).toEqual([]);
      expect(validateActionPayload(action, { anything: 1 })).toEqual([]);
    },
  );

  it('accepts every action without throwing', () => {
    for (const action of CERTIFICATE_APPLICATION_ACTIONS) expect(() => validateActionPayload(action, 'junk')).not.toThrow();
  });

  it('never echoes the submitted text in a message', () => {
    const secret = '张三丰 11010519491231002X';
    const violations = validateActionPayload('request-information', { missing: [secret.repeat(200)] });
    expect(violations).toHaveLength(1);
    expect(JSON.stringify(violations)).not.toContain('张三丰');
  });
});
