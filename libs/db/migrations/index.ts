import { Foundation1764360000000 } from './1764360000000-foundation';
import { CertificateIssuance1764370000000 } from './1764370000000-certificate-issuance';

/** In order of their timestamps. */
export const MIGRATIONS = [Foundation1764360000000, CertificateIssuance1764370000000];
