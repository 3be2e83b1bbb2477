/**
 * The online check printed under the QR code, for people without a QR reader: it answers from the
 * registry, so unlike the offline signature check it also knows about revocations.
 */
export function buildVerificationUrl(publicBaseUrl: string, certificateNumber: string, verificationCode: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return (
    `${base}/api/v1/public/certificates/${encodeURIComponent(certificateNumber)}` +
    `/verification?code=${encodeURIComponent(verificationCode)}`
  );
}
