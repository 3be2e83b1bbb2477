import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes registered on the Temporal namespace. Codes and ids only: never a name,
 * an identity number or free text (DEVELOPERS.md, "No personal data in Temporal search attributes").
 */
export const CaseTypeKey = defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD);
export const CaseStateKey = defineSearchAttributeKey('CaseState', SearchAttributeType.KEYWORD);
export const OfficeCodeKey = defineSearchAttributeKey('OfficeCode', SearchAttributeType.KEYWORD);
export const CounterpartOfficeCodeKey = defineSearchAttributeKey('CounterpartOfficeCode', SearchAttributeType.KEYWORD);
export const DeadlineAtKey = defineSearchAttributeKey('DeadlineAt', SearchAttributeType.DATETIME);
export const EscalatedKey = defineSearchAttributeKey('Escalated', SearchAttributeType.BOOL);

/** Name → type, in the form `temporal server start-dev --search-attribute Name=Type` expects. */
export const SEARCH_ATTRIBUTE_REGISTRATIONS: ReadonlyArray<readonly [string, string]> = [
  ['CaseType', 'Keyword'],
  ['CaseState', 'Keyword'],
  ['OfficeCode', 'Keyword'],
  ['CounterpartOfficeCode', 'Keyword'],
  ['DeadlineAt', 'Datetime'],
  ['Escalated', 'Bool'],
];
