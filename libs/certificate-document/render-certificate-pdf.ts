import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { CertificateDocumentInput } from './certificate-document-input';
import { DOCUMENT_TITLE, VERIFICATION_CODE_LABEL, VERIFY_CAPTION, VERIFY_ONLINE_LABEL, type BilingualLabel } from './certificate-labels';
import { buildCertificateRows, type CertificateRow } from './certificate-rows';
import { resolveCjkFont, type CjkFont } from './cjk-font';
import { maskHolderName } from './masked-name';
import { MissingGlyphsError } from './missing-glyphs-error';
import { buildVerificationUrl } from './verification-url';
import { renderVerificationQrPng } from './verification-qr';
import { parseTokenUnverified } from './verification-token-format';

export interface RenderCertificatePdfOptions {
  /** Defaults to resolveCjkFont() (PASSAGE_CJK_FONT, then the known Debian paths). */
  font?: CjkFont;
}

const FONT = 'cjk';
const MARGIN = 56; // ≈ 20 mm
const LABEL_WIDTH = 150;
const GAP = 12;
const QR_SIZE = 150; // ≈ 53 mm; a ~270-character token needs a version-12 code (65 modules), so ≈ 0.7 mm per module
const INK = '#111111';
const MUTED = '#555555';
const RULE = '#bbbbbb';

/**
 * Renders the certificate as an A4 PDF. The signed token is both drawn as a QR code and stored in the
 * PDF's Keywords entry, so tooling can read it without decoding an image (see
 * readVerificationTokenFromPdf). The metadata holds no personal data: document info is indexed by
 * desktop search and shown in file dialogs, so it names the certificate, not the person.
 */
export async function renderCertificatePdf(
  input: CertificateDocumentInput,
  options: RenderCertificatePdfOptions = {},
): Promise<Buffer> {
  const rows = buildCertificateRows(input);
  assertTokenMatches(input);
  const font = options.font ?? resolveCjkFont();
  const qrPng = await renderVerificationQrPng(input.verificationToken);
  const verificationUrl = buildVerificationUrl(input.publicBaseUrl, input.certificateNumber, input.verificationCode);

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `${DOCUMENT_TITLE.zh} / ${DOCUMENT_TITLE.en} ${input.certificateNumber}`,
      Subject: `${DOCUMENT_TITLE.en} ${input.certificateNumber}`,
      Author: input.issuingOffice.name,
      Keywords: input.verificationToken,
      Creator: 'Passage',
      CreationDate: input.createdAt ?? new Date(),
    },
  });
  const finished = collect(doc);

  // The collection member's PostScript name is required for .ttc files (see cjk-font.ts).
  doc.registerFont(FONT, fontBytes(font.path), font.postscriptName);
  doc.font(FONT);
  assertGlyphsPresent(doc, font, [
    ...rows.flatMap((row) => [row.label.zh, row.label.en, row.value]),
    ...[DOCUMENT_TITLE, VERIFY_CAPTION, VERIFICATION_CODE_LABEL, VERIFY_ONLINE_LABEL].flatMap((label) => [label.zh, label.en]),
    verificationUrl,
  ]);

  drawTitle(doc);
  const tableBottom = drawRows(doc, rows, doc.y + 18);
  drawVerificationBlock(doc, tableBottom, qrPng, input.verificationCode, verificationUrl);

  doc.end();
  return finished;
}

function drawTitle(doc: PDFKit.PDFDocument): void {
  const width = contentWidth(doc);
  doc.fillColor(INK).fontSize(26).text(DOCUMENT_TITLE.zh, MARGIN, MARGIN, { width, align: 'center', characterSpacing: 6 });
  doc.moveDown(0.2).fontSize(13).fillColor(MUTED).text(DOCUMENT_TITLE.en, { width, align: 'center' });
  const y = doc.y + 10;
  doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(1).strokeColor(INK).stroke();
  doc.y = y;
}

/** Draws the label/value table; returns the y below it. */
function drawRows(doc: PDFKit.PDFDocument, rows: CertificateRow[], top: number): number {
  const valueX = MARGIN + LABEL_WIDTH + GAP;
  const valueWidth = contentWidth(doc) - LABEL_WIDTH - GAP;
  let y = top;
  for (const row of rows) {
    doc.fontSize(11);
    const zhHeight = doc.heightOfString(row.label.zh, { width: LABEL_WIDTH });
    doc.fontSize(8);
    const enHeight = doc.heightOfString(row.label.en, { width: LABEL_WIDTH });
    doc.fontSize(12);
    const valueHeight = doc.heightOfString(row.value, { width: valueWidth });
    const height = Math.max(zhHeight + enHeight, valueHeight) + 10;

    doc.fillColor(INK).fontSize(11).text(row.label.zh, MARGIN, y + 5, { width: LABEL_WIDTH });
    doc.fillColor(MUTED).fontSize(8).text(row.label.en, MARGIN, y + 5 + zhHeight, { width: LABEL_WIDTH });
    doc.fillColor(INK).fontSize(12).text(row.value, valueX, y + 5, { width: valueWidth });
    y += height;
    doc.moveTo(MARGIN, y).lineTo(MARGIN + contentWidth(doc), y).lineWidth(0.5).strokeColor(RULE).stroke();
  }
  return y;
}

/**
 * QR code bottom right, with the caption under it; to its left, the code and link for checking online.
 * Anchored to the bottom of the page so certificates look alike; moved to a new page only if a very
 * long office name pushed the table that far.
 */
function drawVerificationBlock(doc: PDFKit.PDFDocument, tableBottom: number, qrPng: Buffer, code: string, url: string): void {
  const captionHeight = 30;
  const blockHeight = QR_SIZE + captionHeight;
  let top = doc.page.height - MARGIN - blockHeight;
  if (top < tableBottom + 24) {
    doc.addPage();
    top = MARGIN;
  }
  const qrX = MARGIN + contentWidth(doc) - QR_SIZE;
  doc.image(qrPng, qrX, top, { width: QR_SIZE, height: QR_SIZE });
  doc.fillColor(INK).fontSize(10).text(`${VERIFY_CAPTION.en} / ${VERIFY_CAPTION.zh}`, qrX - 20, top + QR_SIZE + 4, {
    width: QR_SIZE + 40,
    align: 'center',
  });

  const textWidth = qrX - MARGIN - 24;
  doc.fillColor(MUTED).fontSize(9).text(joined(VERIFICATION_CODE_LABEL), MARGIN, top + 16, { width: textWidth });
  // No character spacing: it would turn into spaces when the code is copied out of the PDF.
  doc.fillColor(INK).fontSize(14).text(code, { width: textWidth });
  doc.moveDown(0.6).fillColor(MUTED).fontSize(9).text(joined(VERIFY_ONLINE_LABEL), { width: textWidth });
  doc.fillColor(INK).fontSize(8).text(url, { width: textWidth, link: url, underline: false });
  doc.fillColor(INK);
}

function joined(label: BilingualLabel): string {
  return `${label.zh} / ${label.en}`;
}

function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - MARGIN * 2;
}

/** A QR code for another certificate would make this one fail verification, or vouch for the wrong one. */
function assertTokenMatches(input: CertificateDocumentInput): void {
  const parsed = parseTokenUnverified(input.verificationToken);
  if (!parsed.ok) throw new Error(`renderCertificatePdf: verificationToken is ${parsed.reason}`);
  const expected = {
    certificateNumber: input.certificateNumber,
    verificationCode: input.verificationCode,
    issuingOfficeCode: input.issuingOffice.code,
    issuedOn: input.issuedOn,
    validUntil: input.validUntil,
    holderMaskedName: maskHolderName(input.holder.fullName),
  };
  const mismatched = (Object.keys(expected) as Array<keyof typeof expected>).filter(
    (key) => parsed.fields[key] !== expected[key],
  );
  if (mismatched.length > 0) {
    throw new Error(`renderCertificatePdf: verificationToken does not match the certificate (${mismatched.join(', ')})`);
  }
}

/**
 * pdfkit draws a character the font lacks as an empty box (tofu) without complaint. The check uses
 * the fontkit font behind pdfkit's current font, which @types/pdfkit does not declare; if a pdfkit
 * upgrade moves it, the check is skipped rather than failing every certificate.
 */
function assertGlyphsPresent(doc: PDFKit.PDFDocument, font: CjkFont, texts: string[]): void {
  const fontkitFont = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: unknown } } })._font?.font;
  const hasGlyph = fontkitFont?.hasGlyphForCodePoint;
  if (typeof hasGlyph !== 'function') return;
  const missing = new Set<string>();
  for (const text of texts) {
    for (const char of text) {
      // Line breaks and spaces are layout, not glyphs.
      if (/\s/u.test(char)) continue;
      if (!hasGlyph.call(fontkitFont, char.codePointAt(0))) missing.add(char);
    }
  }
  if (missing.size > 0) throw new MissingGlyphsError(font.path, [...missing]);
}

// The collection file is several megabytes; read it once per process, not once per certificate.
const fontCache = new Map<string, Buffer>();
function fontBytes(path: string): Buffer {
  let bytes = fontCache.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    fontCache.set(path, bytes);
  }
  return bytes;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
