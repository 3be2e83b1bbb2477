/**
 * Public API of the domain library: pure TypeScript with no framework, Node or clock access, so the api,
 * the activities and the Temporal workflow sandbox can all import it. Anything time-dependent takes the
 * time as a parameter.
 */
export * from './errors';
export * from './roles';
export * from './office-level';
export * from './calendar-date';
export * from './china-time';
export * from './resident-identity-number';
export * from './working-calendar';
export * from './working-calendar-rights';
export * from './sla';
export * from './case-process';
export * from './certificate-application-state';
export * from './certificate-application-payloads';
export * from './certificate';
export * from './marital-status';
export * from './applicant-declaration';
export * from './jurisdiction';
export * from './webhook-retry';
export * from './case-parties';
export * from './storable-text';
export * from './payload-text';
export * from './service-report-state';
export * from './service-report-catalogue';
export * from './service-report-payloads';
export * from './service-report-clock';
export * from './residence-registration-state';
export * from './residence-registration-payloads';
export * from './feedback-clock';
export * from './monitoring';
export * from './case-metrics';
export * from './ip-address';
export * from './webhook-address-policy';
export * from './state-thresholds';
export * from './audit-chain';
