import type { MaritalStatus, Sex } from '../domain';
import type { IsoDate } from './iso-date';

/**
 * Sex and civil status are the domain's own types. `married` is a first marriage (初婚), `remarried` a
 * later one (再婚); both print the marriage date and the spouse.
 */
export type { MaritalStatus, Sex };

export interface OfficeOnCertificate {
  code: string;
  name: string;
}

/**
 * Everything printed on a certificate. The type is the whitelist: there is no field for contraception,
 * pregnancy or any medical detail, and the renderer reads named fields only, so extra properties on
 * the object passed in never reach the page (DOMAIN.md: "It never records contraception or medical
 * details").
 */
export interface CertificateDocumentInput {
  certificateNumber: string;
  verificationCode: string;
  holder: {
    fullName: string;
    sex: Sex;
    dateOfBirth: IsoDate;
    /** Printed in full: the PDF is the holder's own document. It never goes into the QR token. */
    identityNumber: string;
  };
  householdRegistrationOffice: OfficeOnCertificate;
  maritalStatus: MaritalStatus;
  /** Only for `married` / `remarried`. */
  marriageDate?: IsoDate;
  /** Only for `married` / `remarried`. */
  spouseName?: string;
  /** Printed only when the applicant declared it; undefined means "not declared", not zero. */
  declaredNumberOfChildren?: number;
  issuingOffice: OfficeOnCertificate;
  issuedOn: IsoDate;
  validUntil: IsoDate;
  /** From signVerificationPayload for this certificate; encoded in the QR code and the PDF metadata. */
  verificationToken: string;
  /** e.g. `https://passage.example.gov.cn`; the online verification link is built from it. */
  publicBaseUrl: string;
  /** PDF CreationDate; fix it to get byte-identical output for identical input. Defaults to now. */
  createdAt?: Date;
}
