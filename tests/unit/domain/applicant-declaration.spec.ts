import { validateApplicantDeclaration } from '../../../libs/domain';

const LI_NA = { fullName: '李娜', identityNumber: '360102199003072423', dateOfBirth: '1990-03-07' };

describe('validateApplicantDeclaration', () => {
  it('accepts a coherent declaration', () => {
    expect(validateApplicantDeclaration({ ...LI_NA, marriageDate: '2016-05-20', spouseIdentityNumber: '11010519491231002X' })).toEqual([]);
  });

  it.each(['', '   ', '\u3000 '])('refuses a name of nothing but spaces (%j)', (fullName) => {
    expect(validateApplicantDeclaration({ ...LI_NA, fullName })).toEqual([expect.objectContaining({ field: 'fullName', rule: 'not-blank' })]);
  });

  it('refuses a marriage before the applicant was born, and accepts one on a later day', () => {
    expect(validateApplicantDeclaration({ ...LI_NA, marriageDate: '1990-03-06' })).toEqual([
      expect.objectContaining({ field: 'marriageDate', rule: 'after-date-of-birth' }),
    ]);
    expect(validateApplicantDeclaration({ ...LI_NA, marriageDate: '2010-03-07' })).toEqual([]);
  });

  it('refuses the applicant as their own spouse, whatever the case of the check character', () => {
    const own = { ...LI_NA, identityNumber: '11010519491231002x', spouseIdentityNumber: '11010519491231002X' };
    expect(validateApplicantDeclaration(own)).toEqual([expect.objectContaining({ field: 'spouseIdentityNumber', rule: 'not-the-applicant' })]);
  });

  it('never echoes the values it refuses', () => {
    const text = JSON.stringify(validateApplicantDeclaration({ ...LI_NA, fullName: ' ', marriageDate: '1900-01-01', spouseIdentityNumber: LI_NA.identityNumber }));
    expect(text).not.toContain(LI_NA.identityNumber);
    expect(text).not.toContain('1900');
  });
});
