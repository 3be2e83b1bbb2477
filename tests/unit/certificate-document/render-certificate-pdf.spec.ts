import {
  generateSigningKeyPair,
  MissingGlyphsError,
  readVerificationTokenFromPdf,
  renderCertificatePdf,
  signVerificationPayload,
  verifyVerificationPayload,
} from '../../../libs/certificate-document';
import { extractPdfText } from './support/extract-pdf-text';
import { FULL_NAME, IDENTITY_NUMBER, sampleFields, sampleInput } from './support/fixtures';

// These tests embed the real CJK font: run scripts/install-fonts.sh first (npm test does).
describe('renderCertificatePdf', () => {
  const key = generateSigningKeyPair();
  const input = sampleInput(key, { createdAt: new Date('2026-03-16T01:30:00Z') });
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await renderCertificatePdf(input);
  });

  it('produces a small one-page PDF', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    // The 5 MB font is subset to the glyphs used.
    expect(pdf.length).toBeLessThan(100_000);
  });

  it('stores the signed token in the document info, readable without decoding the QR image', () => {
    // pdfkit writes ASCII info strings as uncompressed literal strings; the raw bytes contain the token.
    expect(pdf.toString('latin1')).toContain(`(${input.verificationToken})`);
    const token = readVerificationTokenFromPdf(pdf);
    expect(token).toBe(input.verificationToken);
    expect(verifyVerificationPayload(token!, { [key.keyId]: key.publicKeyPem })).toMatchObject({
      valid: true,
      fields: { certificateNumber: '360102002-2026-000123', holderMaskedName: '张**' },
    });
  });

  it('prints the bilingual headings, the fields and the verification link as real text (not tofu)', () => {
    const { pages, text, info } = extractPdfText(pdf);
    expect(pages).toBe(1);
    for (const expected of [
      '婚 育 证 明',
      'Civil-Status Certificate',
      '360102002-2026-000123',
      FULL_NAME,
      '男 / Male',
      '1992-07-08',
      IDENTITY_NUMBER,
      '江西省南昌市东湖区豫章街道办事处（360102002）',
      '初婚 / Married (first marriage)',
      '2019-10-01',
      '李红梅',
      '子女数（本人申报）',
      '2026-03-16',
      '2027-03-15',
      'Scan to verify / 扫码验证',
      'K7M2Q9XD',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text.replace(/\n/g, '')).toContain(
      'https://passage.example.gov.cn/api/v1/public/certificates/360102002-2026-000123/verification?code=K7M2Q9XD',
    );
    expect(info.Keywords).toBe(input.verificationToken);
    expect(info.Title).toBe('婚育证明 / Civil-Status Certificate 360102002-2026-000123');
  });

  it('keeps personal data out of the document info', () => {
    const { info } = extractPdfText(pdf);
    const metadata = JSON.stringify(info);
    expect(metadata).not.toContain(IDENTITY_NUMBER);
    expect(metadata).not.toContain(FULL_NAME);
    expect(metadata).not.toContain('李红梅');
  });

  it('prints nothing about children when none were declared', async () => {
    const { text } = extractPdfText(await renderCertificatePdf({ ...input, declaredNumberOfChildren: undefined }));
    expect(text).not.toContain('子女');
    expect(text).not.toContain('Children');
  });

  it('is byte-for-byte reproducible for the same input and creation date', async () => {
    expect((await renderCertificatePdf(input)).equals(pdf)).toBe(true);
  });

  it('refuses a token that belongs to another certificate', async () => {
    const otherToken = signVerificationPayload(sampleFields({ certificateNumber: '360102002-2026-000999' }), key.privateKey, key.keyId);
    await expect(renderCertificatePdf({ ...input, verificationToken: otherToken })).rejects.toThrow(/certificateNumber/);
    await expect(renderCertificatePdf({ ...input, verificationToken: 'garbage' })).rejects.toThrow(/malformed/);
  });

  it('refuses to print a name the font cannot draw, naming the character', async () => {
    // U+2020C (CJK Extension B) is outside WenQuanYi Micro Hei.
    const rareName = '张𠈌';
    const fields = sampleFields();
    const token = signVerificationPayload(fields, key.privateKey, key.keyId);
    const attempt = renderCertificatePdf({ ...input, holder: { ...input.holder, fullName: rareName }, verificationToken: token });
    await expect(attempt).rejects.toThrow(MissingGlyphsError);
    await expect(attempt).rejects.toThrow(/U\+2020C/);
  });
});
