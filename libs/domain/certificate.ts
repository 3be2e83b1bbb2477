/**
 * Issued certificates: their stored status, the status the public verification page shows, their number
 * and their validity period. Expiry is not stored: it follows from `validUntil` and the date, so no job
 * has to flip a status at midnight.
 */
import { CalendarDate, addYears, requireCalendarDate } from './calendar-date';
import { toChinaCalendarDate } from './china-time';
import { DomainError, DomainErrorCode } from './errors';
import { requireIntegerInRange } from './number-guards';
import { isValidOfficeCode } from './office-level';

/** 'superseded': replaced by a renewal or a replacement for a lost certificate. */
export const CERTIFICATE_STATUSES = ['valid', 'revoked', 'superseded'] as const;

export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export type PublicCertificateStatus = CertificateStatus | 'expired';

export const DEFAULT_CERTIFICATE_VALIDITY_YEARS = 3;

export interface CertificateValidity {
  readonly status: CertificateStatus;
  /** Last China calendar day on which the certificate is valid. */
  readonly validUntil: CalendarDate;
}

/**
 * What verification answers. Revoked and superseded win over expired: a revoked certificate must still
 * read as revoked after its end date, because that is the fact a verifying office needs.
 */
export function publicStatus(certificate: CertificateValidity, now: Date): PublicCertificateStatus {
  requireCalendarDate(certificate.validUntil, 'validUntil');
  if (certificate.status !== 'valid') return certificate.status;
  return toChinaCalendarDate(now, 'now') > certificate.validUntil ? 'expired' : 'valid';
}

/**
 * The last valid day: the same calendar day `years` later, inclusive, as on a resident identity card
 * (issued 2026-03-15 → valid until 2029-03-15). A certificate issued on 29 February ends on 28 February.
 */
export function validUntil(issuedOn: CalendarDate, years: number = DEFAULT_CERTIFICATE_VALIDITY_YEARS): CalendarDate {
  requireCalendarDate(issuedOn, 'issuedOn');
  requireIntegerInRange(years, 'years', 1, 100);
  return addYears(issuedOn, years);
}

export interface CertificateNumberParts {
  readonly officeCode: string;
  readonly year: number;
  readonly sequence: number;
}

export const MAX_CERTIFICATE_SEQUENCE = 999_999;

const CERTIFICATE_NUMBER = /^(\d{2,12})-(\d{4})-(\d{6})$/;

/**
 * '<issuing office code>-<year>-<6-digit sequence>', e.g. 360102002-2026-000123: readable aloud at a
 * counter, unique per office and year, and saying who issued it without a lookup.
 */
export function certificateNumber(officeCode: string, year: number, sequence: number): string {
  if (!isValidOfficeCode(officeCode)) {
    throw new DomainError(DomainErrorCode.VALIDATION_FAILED, 'officeCode is not a valid office code', {
      field: 'officeCode',
      rule: 'office-code',
    });
  }
  requireIntegerInRange(year, 'year', 2000, 9999);
  requireIntegerInRange(sequence, 'sequence', 1, MAX_CERTIFICATE_SEQUENCE);
  return `${officeCode}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The parts of a well-formed certificate number, or undefined (the verification page answers 'not found'). */
export function parseCertificateNumber(value: string): CertificateNumberParts | undefined {
  const match = CERTIFICATE_NUMBER.exec(value.trim());
  if (match === null) return undefined;
  const officeCode = match[1] as string;
  const year = Number(match[2]);
  const sequence = Number(match[3]);
  if (!isValidOfficeCode(officeCode) || year < 2000 || sequence < 1) return undefined;
  return { officeCode, year, sequence };
}
