/**
 * Certificate documents: the signed verification payload behind the QR code, the keys that sign it,
 * and the PDF itself. Node-only (node:crypto, node:fs, pdfkit): for activities and the api. Workflow
 * code must not import it; the workflow bundle has no Node built-ins and must stay deterministic.
 */
export { generateVerificationCode, normalizeVerificationCode, VERIFICATION_CODE_LENGTH, VERIFICATION_CODE_PATTERN } from './verification-code';
export { maskHolderName, isMaskedHolderName } from './masked-name';
export { isIsoDate, type IsoDate } from './iso-date';
export type { VerificationFields, VerifiedVerificationFields } from './verification-fields';
export { TOKEN_PREFIX, MAX_TOKEN_LENGTH } from './verification-token-format';
export {
  signVerificationPayload,
  verifyVerificationPayload,
  type PublicKeysByKeyId,
  type VerificationFailureReason,
  type VerificationResult,
} from './verification-payload';
export {
  generateSigningKeyPair,
  keyIdOf,
  loadOrCreateSigningKey,
  parseSigningPrivateKey,
  signingKeyFrom,
  type LoadedSigningKey,
  type SigningKey,
} from './signing-keys';
export { readOrCreateKeyFile } from './signing-key-file';
export { CJK_FONT_ENV_VAR, KNOWN_CJK_FONTS, resolveCjkFont, resolveCjkFontPath, type CjkFont } from './cjk-font';
export { buildVerificationUrl } from './verification-url';
export { renderVerificationQrPng } from './verification-qr';
export type { CertificateDocumentInput, MaritalStatus, OfficeOnCertificate, Sex } from './certificate-document-input';
export { DOCUMENT_TITLE, FIELD_LABELS, MARITAL_STATUS_LABELS, SEX_LABELS, type BilingualLabel } from './certificate-labels';
export { buildCertificateRows, type CertificateRow } from './certificate-rows';
export { MissingGlyphsError } from './missing-glyphs-error';
export { renderCertificatePdf, type RenderCertificatePdfOptions } from './render-certificate-pdf';
export { readVerificationTokenFromPdf } from './read-pdf-verification-token';
