import { readVerificationTokenFromPdf } from '../../../libs/certificate-document';

function pdfWithInfo(keywordsObject: string): Buffer {
  return Buffer.from(
    [
      '%PDF-1.3',
      '1 0 obj',
      '<< /Keywords 2 0 R >>',
      'endobj',
      '2 0 obj',
      keywordsObject,
      'endobj',
      'trailer',
      '<< /Size 3 /Info 1 0 R >>',
      '%%EOF',
    ].join('\n'),
    'latin1',
  );
}

describe('readVerificationTokenFromPdf', () => {
  it('reads a literal string, undoing PDF escapes', () => {
    expect(readVerificationTokenFromPdf(pdfWithInfo('(PSG1.a\\(b\\).c\\\\d)'))).toBe('PSG1.a(b).c\\d');
  });

  it('reads a UTF-16BE string', () => {
    const utf16 = Buffer.from('\ufeffPSG1.x.y', 'utf16le').swap16().toString('latin1');
    expect(readVerificationTokenFromPdf(pdfWithInfo(`(${utf16})`))).toBe('PSG1.x.y');
  });

  it('returns null when there is no token', () => {
    expect(readVerificationTokenFromPdf(pdfWithInfo('(just keywords)'))).toBeNull();
    expect(readVerificationTokenFromPdf(Buffer.from('%PDF-1.3\n%%EOF'))).toBeNull();
    expect(readVerificationTokenFromPdf(Buffer.alloc(0))).toBeNull();
  });
});
