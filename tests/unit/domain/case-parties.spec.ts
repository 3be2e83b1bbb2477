import {
  caseAccessOf,
  counterpartCertificate,
  counterpartHolder,
  counterpartMaySeeHolder,
  COUNTERPART_CERTIFICATE_FIELDS,
  COUNTERPART_HOLDER_FIELDS,
  mayActOnCase,
} from '../../../libs/domain';

describe('case parties', () => {
  it.each([
    [{ owner: true, counterpart: false }, 'owner'],
    [{ owner: true, counterpart: true }, 'owner'],
    [{ owner: false, counterpart: true }, 'counterpart'],
    [{ owner: false, counterpart: false }, null],
  ] as const)('access of %p is %p', (facts, access) => {
    expect(caseAccessOf(facts)).toBe(access);
  });

  it('lets only the owning side act', () => {
    expect(mayActOnCase('owner')).toBe(true);
    expect(mayActOnCase('counterpart')).toBe(false);
    expect(mayActOnCase(null)).toBe(false);
  });

  it('shows a counterpart the holder once a certificate has been issued, not before', () => {
    expect(counterpartMaySeeHolder(0)).toBe(false);
    expect(counterpartMaySeeHolder(1)).toBe(true);
    expect(counterpartMaySeeHolder(3)).toBe(true);
  });

  it('gives a counterpart the six holder fields a residence file needs, and drops the rest', () => {
    const applicant = {
      fullName: '李娜', identityNumber: '360102199003072423', sex: 'female', dateOfBirth: '1990-03-07',
      householdOfficeCode: '360102002', maritalStatus: 'married',
      marriageDate: '2016-05-20', spouseName: '赵刚', spouseIdentityNumber: '11010519491231002X', numberOfChildren: '1',
    };
    const holder = counterpartHolder(applicant);
    expect(holder).toEqual({
      fullName: '李娜', identityNumber: '360102199003072423', sex: 'female', dateOfBirth: '1990-03-07',
      householdOfficeCode: '360102002', maritalStatus: 'married',
    });
    expect(Object.keys(holder)).toEqual([...COUNTERPART_HOLDER_FIELDS]);
  });

  it('gives a counterpart a certificate’s number, status and validity, not its verification code or token', () => {
    const certificate = {
      number: '360102002-2026-000001', status: 'valid', issuedOn: '2026-03-02', validUntil: '2027-03-01',
      verificationCode: 'ABCD1234', signedToken: 'PSG1.x.y', revokedReason: 'n/a',
    };
    expect(counterpartCertificate(certificate)).toEqual({
      number: '360102002-2026-000001', status: 'valid', issuedOn: '2026-03-02', validUntil: '2027-03-01',
    });
    expect(COUNTERPART_CERTIFICATE_FIELDS).not.toContain('verificationCode');
  });
});
