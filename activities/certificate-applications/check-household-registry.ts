import { CertificateApplicationsRepository } from '../../libs/db';
import { DomainError } from '../../libs/domain';
import { withDomainFailures } from '../activity-failure';
import type { ActivityDependencies } from '../dependencies';

export interface RegistryCheckOutcome {
  result: 'match' | 'mismatch';
  /** Names of the fields that differ (never their values: this goes into workflow history). */
  differences: string[];
}

/**
 * Compares the application with the household registry. A read only: safe to retry. The outcome names
 * fields, so the case log shows what a reviewer must look at without copying personal data around.
 */
export function createCheckHouseholdRegistry(deps: ActivityDependencies) {
  const applications = new CertificateApplicationsRepository(deps.db);

  async function checkHouseholdRegistry(input: { caseId: string }): Promise<RegistryCheckOutcome> {
    return withDomainFailures(() => compare(input.caseId));
  }

  async function compare(caseId: string): Promise<RegistryCheckOutcome> {
    const application = await applications.findById(caseId);
    if (!application) throw new DomainError('NOT_FOUND', 'No such certificate application.');
    // What this application declares is checked, not what an earlier case stored for the same person.
    const { applicant, maritalStatus } = application;
    const person = await applications.person(application.personId);
    const record = await deps.householdRegistry.lookup(person.identityNumber);
    if (!record) return { result: 'mismatch', differences: ['record-not-found'] };
    const compared: Array<[string, unknown, unknown]> = [
      ['fullName', applicant.fullName, record.fullName],
      ['sex', applicant.sex, record.sex],
      ['dateOfBirth', applicant.dateOfBirth, record.dateOfBirth],
      ['householdOfficeCode', applicant.householdOfficeCode, record.householdOfficeCode],
      ['maritalStatus', maritalStatus, record.maritalStatus],
    ];
    const differences = compared.filter(([, declared, registered]) => declared !== registered).map(([field]) => field);
    return { result: differences.length === 0 ? 'match' : 'mismatch', differences };
  }

  return { checkHouseholdRegistry };
}
