import type { ActivityDependencies } from '../dependencies';
import { createCheckHouseholdRegistry } from './check-household-registry';
import { createRecordCaseAction } from './record-case-action';

export type { RecordCaseActionInput, RecordedCaseAction } from './record-case-action';
export type { RegistryCheckOutcome } from './check-household-registry';

export function createCertificateApplicationActivities(deps: ActivityDependencies) {
  return { ...createRecordCaseAction(deps), ...createCheckHouseholdRegistry(deps) };
}

export type CertificateApplicationActivities = ReturnType<typeof createCertificateApplicationActivities>;
