import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface ExtractedPdf {
  pages: number;
  text: string;
  info: Record<string, unknown>;
}

/** The text a reader (or a screen reader, or copy-paste) gets out of the PDF, as pdf.js sees it. */
export function extractPdfText(pdf: Buffer): ExtractedPdf {
  const output = execFileSync(process.execPath, [join(__dirname, 'pdfjs-text-dump.mjs')], {
    input: pdf,
    cwd: join(__dirname, '..', '..', '..', '..'),
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output.toString('utf8')) as ExtractedPdf;
}
