import { TOKEN_PREFIX } from './verification-token-format';

/**
 * Reads the verification token back from the Keywords entry of a certificate PDF's document info,
 * for tests and tooling (a desk tool that checks an uploaded PDF, say), without decoding the QR image.
 *
 * This is a reader for the PDFs renderCertificatePdf writes, not a general PDF parser: pdfkit keeps
 * the info dictionary and its strings as plain, uncompressed objects (only page content streams are
 * compressed), referenced from the trailer. A PDF re-saved by another tool with object streams may
 * hide them; the result is then null, never a wrong token. Whatever it returns must still go through
 * verifyVerificationPayload.
 */
export function readVerificationTokenFromPdf(pdf: Buffer): string | null {
  const text = pdf.toString('latin1');
  const trailerAt = text.lastIndexOf('trailer');
  if (trailerAt < 0) return null;
  const infoRef = /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(text.slice(trailerAt));
  if (!infoRef) return null;
  const info = objectBody(text, infoRef[1]!, infoRef[2]!);
  if (info === null) return null;

  const keywordsRef = /\/Keywords\s+(\d+)\s+(\d+)\s+R/.exec(info);
  const keywords = keywordsRef ? objectBody(text, keywordsRef[1]!, keywordsRef[2]!) : /\/Keywords\s*(\([^]*)/.exec(info)?.[1];
  if (keywords == null) return null;
  const value = decodeLiteralString(keywords.trim());
  return value !== null && value.startsWith(`${TOKEN_PREFIX}.`) ? value : null;
}

/** The text between `N G obj` and `endobj`, or null when the object is not there in plain form. */
function objectBody(text: string, objectNumber: string, generation: string): string | null {
  const start = new RegExp(`(?:^|[\\r\\n\\s])${objectNumber}\\s+${generation}\\s+obj\\b`).exec(text);
  if (!start) return null;
  const bodyStart = start.index + start[0].length;
  const end = text.indexOf('endobj', bodyStart);
  return end < 0 ? null : text.slice(bodyStart, end);
}

/**
 * Decodes a PDF literal string `( … )` (ISO 32000-1 §7.3.4.2): backslash escapes, and UTF-16BE when it
 * starts with a byte-order mark. Returns null for anything else (hex strings, names, numbers).
 */
function decodeLiteralString(body: string): string | null {
  if (!body.startsWith('(')) return null;
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
  let out = '';
  let depth = 0;
  for (let i = 1; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const next = body[i + 1] ?? '';
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0];
      if (octal) {
        out += String.fromCharCode(parseInt(octal, 8) & 0xff);
        i += octal.length;
      } else if (next === '\r' || next === '\n') {
        i += next === '\r' && body[i + 2] === '\n' ? 2 : 1; // line continuation
      } else {
        out += escapes[next] ?? next;
        i += 1;
      }
    } else if (c === '(') {
      depth += 1;
      out += c;
    } else if (c === ')') {
      if (depth === 0) return utf16IfMarked(out);
      depth -= 1;
      out += c;
    } else {
      out += c;
    }
  }
  return null; // unterminated
}

function utf16IfMarked(latin1: string): string {
  if (!latin1.startsWith('\xfe\xff')) return latin1;
  const bytes = Buffer.from(latin1.slice(2), 'latin1');
  if (bytes.length % 2 !== 0) return latin1;
  // Node has no utf16be decoder: swap each pair and read as utf16le.
  return Buffer.from(bytes).swap16().toString('utf16le');
}
