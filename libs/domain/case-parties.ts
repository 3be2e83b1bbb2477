/**
 * Who may read a case, and how much. A case's parties are the owning side (the office that owns it and the
 * offices above it within their jurisdiction) and its counterparts (the destination office, and any office
 * told about the case by a notification, with the managers above them). The owning side reads everything
 * and acts; a counterpart reads only what it needs to serve the person at its end — the case's number,
 * state and type, its certificates, and once a certificate exists the holder's details a residence file is
 * opened with — and acts on nothing. Anyone else learns nothing, not even that the case exists.
 *
 * Which offices are parties is answered in SQL (`libs/db/repositories/case-parties.repository.ts`); this
 * file decides what follows from it.
 */

export type CaseAccess = 'owner' | 'counterpart';

/** Whether the reader is within the owning side's jurisdiction, and whether within a counterpart's. */
export interface CasePartyFacts {
  owner: boolean;
  counterpart: boolean;
}

/** The owning side's view wins: a manager above both offices is the owning office's manager. Null: no party. */
export function caseAccessOf(facts: CasePartyFacts): CaseAccess | null {
  if (facts.owner) return 'owner';
  if (facts.counterpart) return 'counterpart';
  return null;
}

/** Only the owning side acts on a case or its certificates (and downloads the certificate the holder carries). */
export function mayActOnCase(access: CaseAccess | null): boolean {
  return access === 'owner';
}

/** The holder's details a residence office opens a file with; nothing about spouse, children or the case's history. */
export const COUNTERPART_HOLDER_FIELDS = [
  'fullName',
  'identityNumber',
  'sex',
  'dateOfBirth',
  'householdOfficeCode',
  'maritalStatus',
] as const;

export type CounterpartHolderField = (typeof COUNTERPART_HOLDER_FIELDS)[number];

export type CounterpartHolder = { [F in CounterpartHolderField]: string };

/** A certificate's fields a counterpart sees: enough to know whether it can rely on it; not the code or token the holder carries. */
export const COUNTERPART_CERTIFICATE_FIELDS = ['number', 'status', 'issuedOn', 'validUntil'] as const;

export type CounterpartCertificateField = (typeof COUNTERPART_CERTIFICATE_FIELDS)[number];

/**
 * Data minimisation: a counterpart needs the holder's details to open a file for a certificate, so it
 * sees them once a certificate has been issued on the case (whatever became of it since), and not for a
 * case still under way, rejected or withdrawn.
 */
export function counterpartMaySeeHolder(certificatesIssued: number): boolean {
  return certificatesIssued > 0;
}

/** Exactly the counterpart's holder fields of a fuller record (extra fields are dropped, not passed on). */
export function counterpartHolder(record: CounterpartHolder): CounterpartHolder {
  return pick(record, COUNTERPART_HOLDER_FIELDS);
}

/** Exactly the counterpart's certificate fields of a fuller record. */
export function counterpartCertificate<T extends { [F in CounterpartCertificateField]: string }>(
  record: T,
): { [F in CounterpartCertificateField]: string } {
  return pick(record, COUNTERPART_CERTIFICATE_FIELDS);
}

function pick<K extends string>(record: { [F in K]: string }, fields: readonly K[]): { [F in K]: string } {
  const picked = {} as { [F in K]: string };
  for (const field of fields) picked[field] = record[field];
  return picked;
}
