import type { SearchAttributePair } from '@temporalio/common';
import { RESIDENCE_REGISTRATION_PROCESS } from '../domain/residence-registration-state';
import { caseWorkflowId } from './cases';
import { CaseStateKey, CaseTypeKey, CounterpartOfficeCodeKey, EscalatedKey, OfficeCodeKey } from './search-attributes';

/**
 * What the api and the worker share about a person's residence registration and its feedback
 * obligation. Everything here crosses Temporal history, so it carries ids and office codes only: never
 * the person's name, identity number or a feedback note.
 */
export const RESIDENCE_REGISTRATION_CASE_TYPE = RESIDENCE_REGISTRATION_PROCESS.caseType;

export function residenceRegistrationWorkflowId(registrationId: string): string {
  return caseWorkflowId(RESIDENCE_REGISTRATION_CASE_TYPE, registrationId);
}

export interface ResidenceRegistrationWorkflowInput {
  caseId: string;
  /**
   * Actions one run records before it continues as new (the file lives for years; its history must not).
   * From RESIDENCE_ACTIONS_PER_RUN when the api starts it; absent (the workflow's default) when the reconciler does.
   */
  actionsPerRun?: number;
  /** Set by the run that continued as new: the arrival is announced, so the next run starts from the stored file. */
  continued?: { run: number };
}

/** What starting a file's workflow needs to know of the stored file. */
export interface ResidenceRegistrationToStart {
  id: string;
  residenceOfficeCode: string;
  registrationOfficeCode: string;
  state: string;
}

/**
 * How a file's workflow is started, by the api right after the file is opened and by the reconciler for
 * one whose start never happened: the same id, input and search attributes either way. The residence
 * office is the case's office (it moves on a transfer), the registration office its counterpart.
 */
export function residenceRegistrationStart(row: ResidenceRegistrationToStart, taskQueue: string, actionsPerRun?: number) {
  const searchAttributes: SearchAttributePair[] = [
    { key: CaseTypeKey, value: RESIDENCE_REGISTRATION_CASE_TYPE },
    { key: CaseStateKey, value: row.state },
    { key: OfficeCodeKey, value: row.residenceOfficeCode },
    { key: CounterpartOfficeCodeKey, value: row.registrationOfficeCode },
    { key: EscalatedKey, value: false },
  ];
  const input: ResidenceRegistrationWorkflowInput = { caseId: row.id, ...(actionsPerRun !== undefined ? { actionsPerRun } : {}) };
  return {
    workflowType: 'residenceRegistrationWorkflow',
    options: {
      workflowId: residenceRegistrationWorkflowId(row.id),
      taskQueue,
      args: [input] as [ResidenceRegistrationWorkflowInput],
      workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
      typedSearchAttributes: searchAttributes,
    },
  };
}
