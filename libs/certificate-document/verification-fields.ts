import { isIsoDate, type IsoDate } from './iso-date';
import { isMaskedHolderName } from './masked-name';
import { VERIFICATION_CODE_PATTERN } from './verification-code';

/**
 * What the QR code tells an offline verifier. Deliberately nothing else: no identity number, no full
 * name, no date of birth, no marital status. Anyone holding the paper can read the QR, so it carries
 * only what proves the certificate genuine and lets the verifier match it to the person in front of
 * them (DOMAIN.md, "Data minimisation").
 */
export interface VerificationFields {
  certificateNumber: string;
  verificationCode: string;
  issuingOfficeCode: string;
  issuedOn: IsoDate;
  validUntil: IsoDate;
  /** Always masked, e.g. `张**` (see maskHolderName); an unmasked name is refused at signing time. */
  holderMaskedName: string;
}

/** The fields as read back from a token whose signature checked out. */
export interface VerifiedVerificationFields extends VerificationFields {
  formatVersion: 1;
  keyId: string;
}

/** Letters, digits and hyphens only: the number is printed, typed and put in a URL path. */
const CERTIFICATE_NUMBER_PATTERN = /^[0-9A-Z]+(?:-[0-9A-Z]+)*$/;
/** Administrative division codes: 6 digits (county), 9 (township/street) or 12 (village/community). */
const OFFICE_CODE_PATTERN = /^\d{6}(?:\d{3}(?:\d{3})?)?$/;
export const KEY_ID_PATTERN = /^[0-9a-f]{16}$/;

/** Why the fields are unacceptable, or undefined when they are fine. */
export function findVerificationFieldsProblem(fields: VerificationFields): string | undefined {
  if (typeof fields.certificateNumber !== 'string' || fields.certificateNumber.length > 40 || !CERTIFICATE_NUMBER_PATTERN.test(fields.certificateNumber)) {
    return 'certificateNumber must be upper-case letters, digits and single hyphens, at most 40 characters';
  }
  if (typeof fields.verificationCode !== 'string' || !VERIFICATION_CODE_PATTERN.test(fields.verificationCode)) {
    return 'verificationCode must be 6 to 16 Crockford base32 characters';
  }
  if (typeof fields.issuingOfficeCode !== 'string' || !OFFICE_CODE_PATTERN.test(fields.issuingOfficeCode)) {
    return 'issuingOfficeCode must be a 6, 9 or 12 digit division code';
  }
  if (!isIsoDate(fields.issuedOn)) return 'issuedOn must be a YYYY-MM-DD date';
  if (!isIsoDate(fields.validUntil)) return 'validUntil must be a YYYY-MM-DD date';
  // ISO dates compare correctly as strings.
  if (fields.validUntil < fields.issuedOn) return 'validUntil is before issuedOn';
  if (typeof fields.holderMaskedName !== 'string' || !isMaskedHolderName(fields.holderMaskedName)) {
    return 'holderMaskedName must be masked as maskHolderName does (e.g. 张**)';
  }
  return undefined;
}
