import { createCaseEngineActivities } from './case-engine';
import { createReconcileActivities } from './case-engine/reconcile-case-workflows';
import { createCertificateApplicationActivities, createCertificateApplicationHandler } from './certificate-applications';
import { createApplyCertificateAction } from './certificates/apply-certificate-action';
import type { ActivityDependencies } from './dependencies';
import { createResidenceRegistrationHandler } from './residence-registrations';
import { createServiceReportHandler } from './service-reports';
import { createNotificationActivities } from './notifications';
import { createWorkingCalendarActivities } from './working-calendar';

export type { ActivityDependencies } from './dependencies';

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...createCaseEngineActivities(deps, [createCertificateApplicationHandler(deps), createServiceReportHandler(deps), createResidenceRegistrationHandler(deps)]),
    ...createReconcileActivities(deps),
    ...createCertificateApplicationActivities(deps),
    ...createApplyCertificateAction(deps),
    ...createNotificationActivities(deps),
    ...createWorkingCalendarActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
