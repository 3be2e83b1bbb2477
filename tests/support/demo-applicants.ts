/**
 * Demo applicants, as POST /api/v1/certificate-applications takes them (the api's own ApplicantInput,
 * type-only). Each is a person of the demo household registry (libs/db/seed/demo-registry.ts), registered at
 * 滕王阁街道 (360102002); what the registry says of their marital status decides the registry check.
 */
import type { ApplicantInput } from '../../apps/api/src/certificate-applications/certificate-application.dto';

/** 李娜: the registry says married, as she declares: the registry check matches, the case goes to review. */
export const LI_NA: ApplicantInput = {
  fullName: '李娜',
  identityNumber: '360102199003072423',
  sex: 'female',
  dateOfBirth: '1990-03-07',
  householdOfficeCode: '360102002',
  maritalStatus: 'married',
  marriageDate: '2016-05-20',
  spouseName: '赵刚',
  spouseIdentityNumber: '11010519491231002X',
};

/** 王强: the registry says unmarried. */
export const WANG_QIANG: ApplicantInput = {
  fullName: '王强',
  identityNumber: '360102198811203116',
  sex: 'male',
  dateOfBirth: '1988-11-20',
  householdOfficeCode: '360102002',
  maritalStatus: 'unmarried',
};

/** 张伟: the registry says divorced. */
export const ZHANG_WEI: ApplicantInput = {
  fullName: '张伟',
  identityNumber: '360102199210014576',
  sex: 'male',
  dateOfBirth: '1992-10-01',
  householdOfficeCode: '360102002',
  maritalStatus: 'divorced',
  marriageDate: '2015-04-18',
};
