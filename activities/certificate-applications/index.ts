import type { ActivityDependencies } from '../dependencies';
import { createCheckHouseholdRegistry } from './check-household-registry';

export type { RegistryCheckOutcome } from './check-household-registry';
export { createCertificateApplicationHandler } from './certificate-application-handler';

/** The certificate application's own activities; its actions are recorded by the case engine. */
export function createCertificateApplicationActivities(deps: ActivityDependencies) {
  return { ...createCheckHouseholdRegistry(deps) };
}

export type CertificateApplicationActivities = ReturnType<typeof createCertificateApplicationActivities>;
