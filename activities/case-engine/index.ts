export type { ActionBeingRecorded, CaseTypeHandler, StoredCase } from './case-type-handler';
export { createCaseEngineActivities } from './record-case-action';

/** The engine's activities as the case workflows call them. */
export type CaseEngineActivities = ReturnType<typeof import('./record-case-action').createCaseEngineActivities>;
