import type { HouseholdRegistryRecord } from '../repositories/household-registry.repository';

/**
 * Fictional household-registry records for the demo registry adapter (identity numbers carry valid check
 * digits). README.md uses them in its copy-paste walk-through.
 */
export const DEMO_REGISTRY_RECORDS: ReadonlyArray<HouseholdRegistryRecord> = [
  { identityNumber: '360102199003072423', fullName: '李娜', sex: 'female', dateOfBirth: '1990-03-07', householdOfficeCode: '360102002', maritalStatus: 'married' },
  { identityNumber: '360102198811203116', fullName: '王强', sex: 'male', dateOfBirth: '1988-11-20', householdOfficeCode: '360102002', maritalStatus: 'unmarried' },
  { identityNumber: '360102199506151289', fullName: '陈静', sex: 'female', dateOfBirth: '1995-06-15', householdOfficeCode: '360102004', maritalStatus: 'unmarried' },
  { identityNumber: '360102199210014576', fullName: '张伟', sex: 'male', dateOfBirth: '1992-10-01', householdOfficeCode: '360102002', maritalStatus: 'divorced' },
];
