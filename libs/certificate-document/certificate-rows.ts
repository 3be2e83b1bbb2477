import type { CertificateDocumentInput, OfficeOnCertificate } from './certificate-document-input';
import {
  FIELD_LABELS,
  MARITAL_STATUS_LABELS,
  SEX_LABELS,
  STATUSES_WITH_SPOUSE,
  type BilingualLabel,
} from './certificate-labels';
import { isIsoDate } from './iso-date';

export interface CertificateRow {
  label: BilingualLabel;
  value: string;
}

/**
 * The label/value rows of the certificate body, in print order. Kept apart from drawing so what is
 * printed (and what is not) can be tested without parsing a PDF. Inconsistent input throws: an
 * official document with, say, a spouse on an unmarried person's certificate must not be issued.
 */
export function buildCertificateRows(input: CertificateDocumentInput): CertificateRow[] {
  assertConsistent(input);
  const rows: CertificateRow[] = [
    { label: FIELD_LABELS.certificateNumber, value: input.certificateNumber },
    { label: FIELD_LABELS.fullName, value: input.holder.fullName },
    { label: FIELD_LABELS.sex, value: bilingual(SEX_LABELS[input.holder.sex]) },
    { label: FIELD_LABELS.dateOfBirth, value: input.holder.dateOfBirth },
    { label: FIELD_LABELS.identityNumber, value: input.holder.identityNumber },
    { label: FIELD_LABELS.householdRegistration, value: office(input.householdRegistrationOffice) },
    { label: FIELD_LABELS.maritalStatus, value: bilingual(MARITAL_STATUS_LABELS[input.maritalStatus]) },
  ];
  if (input.marriageDate !== undefined) rows.push({ label: FIELD_LABELS.marriageDate, value: input.marriageDate });
  if (input.spouseName !== undefined) rows.push({ label: FIELD_LABELS.spouseName, value: input.spouseName });
  if (input.declaredNumberOfChildren !== undefined) {
    rows.push({ label: FIELD_LABELS.declaredNumberOfChildren, value: String(input.declaredNumberOfChildren) });
  }
  rows.push(
    { label: FIELD_LABELS.issuingOffice, value: office(input.issuingOffice) },
    { label: FIELD_LABELS.issuedOn, value: input.issuedOn },
    { label: FIELD_LABELS.validUntil, value: input.validUntil },
  );
  return rows;
}

function assertConsistent(input: CertificateDocumentInput): void {
  const problems: string[] = [];
  if (!SEX_LABELS[input.holder.sex]) problems.push('unknown sex');
  if (!MARITAL_STATUS_LABELS[input.maritalStatus]) problems.push('unknown marital status');
  for (const [name, value] of [
    ['holder.dateOfBirth', input.holder.dateOfBirth],
    ['issuedOn', input.issuedOn],
    ['validUntil', input.validUntil],
  ] as const) {
    if (!isIsoDate(value)) problems.push(`${name} is not a YYYY-MM-DD date`);
  }
  if (input.marriageDate !== undefined && !isIsoDate(input.marriageDate)) problems.push('marriageDate is not a YYYY-MM-DD date');
  if (!STATUSES_WITH_SPOUSE.has(input.maritalStatus) && (input.marriageDate !== undefined || input.spouseName !== undefined)) {
    problems.push(`marriageDate and spouseName do not apply to marital status ${input.maritalStatus}`);
  }
  const children = input.declaredNumberOfChildren;
  if (children !== undefined && !(Number.isInteger(children) && children >= 0 && children < 100)) {
    problems.push('declaredNumberOfChildren must be a whole number from 0 to 99');
  }
  for (const [name, value] of [
    ['holder.fullName', input.holder.fullName],
    ['holder.identityNumber', input.holder.identityNumber],
    ['householdRegistrationOffice.name', input.householdRegistrationOffice.name],
    ['issuingOffice.name', input.issuingOffice.name],
  ] as const) {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${name} is empty`);
  }
  // Messages name fields, never their values: they end up in logs and must not carry personal data.
  if (problems.length > 0) throw new Error(`certificate document input is inconsistent: ${problems.join('; ')}`);
}

function bilingual(label: BilingualLabel): string {
  return `${label.zh} / ${label.en}`;
}

function office(value: OfficeOnCertificate): string {
  return `${value.name}（${value.code}）`;
}
