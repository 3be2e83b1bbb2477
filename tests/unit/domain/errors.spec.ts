import {
  DOMAIN_ERROR_CODES,
  DomainError,
  DomainErrorCode,
  httpStatusForDomainError,
  isDomainError,
  isDomainErrorCode,
  validationFailed,
} from '../../../libs/domain';

describe('domain error codes', () => {
  it('lists exactly the agreed codes', () => {
    expect([...DOMAIN_ERROR_CODES].sort()).toEqual(
      [
        'ACTION_NOT_ALLOWED_IN_STATE',
        'BUSINESS_RULE_VIOLATED',
        'CONFLICT',
        'NOT_FOUND',
        'ROLE_NOT_PERMITTED',
        'SAME_PERSON_REVIEW_AND_APPROVAL',
        'SERVICE_UNAVAILABLE',
        'TOO_MANY_REQUESTS',
        'UNAUTHENTICATED',
        'VALIDATION_FAILED',
      ].sort(),
    );
  });

  it('uses each code as its own value, so ApplicationFailure.type is the code', () => {
    for (const [key, value] of Object.entries(DomainErrorCode)) expect(value).toBe(key);
  });

  const expectedStatus: Record<DomainErrorCode, number> = {
    VALIDATION_FAILED: 400,
    UNAUTHENTICATED: 401,
    ROLE_NOT_PERMITTED: 403,
    NOT_FOUND: 404,
    ACTION_NOT_ALLOWED_IN_STATE: 409,
    CONFLICT: 409,
    SAME_PERSON_REVIEW_AND_APPROVAL: 422,
    BUSINESS_RULE_VIOLATED: 422,
    TOO_MANY_REQUESTS: 429,
    SERVICE_UNAVAILABLE: 503,
  };

  it.each(Object.entries(expectedStatus))('maps %s to HTTP %i', (code, status) => {
    expect(httpStatusForDomainError(code as DomainErrorCode)).toBe(status);
  });

  it('has an HTTP status for every listed code', () => {
    for (const code of DOMAIN_ERROR_CODES) expect(expectedStatus[code]).toBe(httpStatusForDomainError(code));
  });

  it('throws for a value that is not a code (only reachable by casting)', () => {
    expect(() => httpStatusForDomainError('TEAPOT' as DomainErrorCode)).toThrow('Unmapped domain error code');
  });

  it('recognises codes', () => {
    expect(isDomainErrorCode('NOT_FOUND')).toBe(true);
    expect(isDomainErrorCode('not_found')).toBe(false);
    expect(isDomainErrorCode(404)).toBe(false);
    expect(isDomainErrorCode(undefined)).toBe(false);
  });
});

describe('DomainError', () => {
  it('is an Error carrying code, message and details', () => {
    const error = new DomainError('ACTION_NOT_ALLOWED_IN_STATE', 'Cannot approve', {
      state: 'issued',
      action: 'approve',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('ACTION_NOT_ALLOWED_IN_STATE');
    expect(error.message).toBe('Cannot approve');
    expect(error.details).toEqual({ state: 'issued', action: 'approve' });
    expect(error.stack).toContain('DomainError');
  });

  it('has undefined details when none are given', () => {
    const error = new DomainError(DomainErrorCode.NOT_FOUND, 'Not found');
    expect(error.details).toBeUndefined();
  });

  it('is recognised by isDomainError, also when it comes from another copy of the module', () => {
    expect(isDomainError(new DomainError('CONFLICT', 'x'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { name: 'DomainError', code: 'CONFLICT' });
    expect(isDomainError(foreign)).toBe(true);
  });

  it('is not fooled by lookalikes', () => {
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError(Object.assign(new Error('x'), { name: 'DomainError', code: 'NOPE' }))).toBe(false);
    expect(isDomainError({ name: 'DomainError', code: 'CONFLICT', message: 'x' })).toBe(false);
    expect(isDomainError(null)).toBe(false);
    expect(isDomainError('DomainError')).toBe(false);
  });
});

describe('validationFailed', () => {
  it('builds a VALIDATION_FAILED error carrying every violation and naming the first', () => {
    const violations = [
      { field: 'marriageDate', rule: 'required', message: 'marriageDate is required' },
      { field: 'spouseName', rule: 'required', message: 'spouseName is required' },
    ];
    const error = validationFailed(violations);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('Validation failed');
    expect(error.details).toEqual({ field: 'marriageDate', rule: 'required', violations });
    expect(httpStatusForDomainError(error.code)).toBe(400);
  });

  it('accepts an empty list and a custom message', () => {
    const error = validationFailed([], 'Bad input');
    expect(error.message).toBe('Bad input');
    expect(error.details).toEqual({ violations: [] });
  });
});
