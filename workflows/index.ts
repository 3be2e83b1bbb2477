// Every workflow the worker registers. Workflow code only: deterministic, no I/O (enforced by lint and the bundler).
export { certificateApplicationWorkflow } from './certificate-application/certificate-application.workflow';
export { serviceReportWorkflow } from './service-report/service-report.workflow';
export { residenceRegistrationWorkflow } from './residence-registration/residence-registration.workflow';
export { certificateActionWorkflow } from './certificate-action/certificate-action.workflow';
export { notificationDeliveryWorkflow } from './notification-delivery/notification-delivery.workflow';
export { dailyDigestWorkflow } from './daily-digest/daily-digest.workflow';
export { caseReconcilerWorkflow } from './case-reconciler/case-reconciler.workflow';
export { workingCalendarRecomputeWorkflow } from './working-calendar/working-calendar-recompute.workflow';
