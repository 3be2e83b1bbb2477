import { buildCertificateRows, generateSigningKeyPair, type CertificateDocumentInput } from '../../../libs/certificate-document';
import { sampleInput } from './support/fixtures';

const key = generateSigningKeyPair();
const labelsOf = (input: CertificateDocumentInput) => buildCertificateRows(input).map((row) => row.label.en);
const valueOf = (input: CertificateDocumentInput, label: string) =>
  buildCertificateRows(input).find((row) => row.label.en === label)?.value;

describe('buildCertificateRows', () => {
  it('prints every field of a married holder, in order', () => {
    expect(labelsOf(sampleInput(key))).toEqual([
      'Certificate No.',
      'Full name',
      'Sex',
      'Date of birth',
      'Resident identity No.',
      'Household registration',
      'Marital status',
      'Date of marriage',
      "Spouse's name",
      'Children (self-declared)',
      'Issuing office',
      'Issued on',
      'Valid until',
    ]);
    expect(valueOf(sampleInput(key), 'Marital status')).toBe('初婚 / Married (first marriage)');
    expect(valueOf(sampleInput(key), 'Household registration')).toBe('江西省南昌市东湖区豫章街道办事处（360102002）');
  });

  it('leaves out the number of children when it was not declared, but prints a declared zero', () => {
    expect(labelsOf(sampleInput(key, { declaredNumberOfChildren: undefined }))).not.toContain('Children (self-declared)');
    expect(valueOf(sampleInput(key, { declaredNumberOfChildren: 0 }), 'Children (self-declared)')).toBe('0');
  });

  it('prints no marriage rows for an unmarried holder', () => {
    const labels = labelsOf(sampleInput(key, { maritalStatus: 'unmarried', marriageDate: undefined, spouseName: undefined }));
    expect(labels).not.toContain('Date of marriage');
    expect(labels).not.toContain("Spouse's name");
  });

  it('refuses a spouse on a certificate whose status has none, without echoing personal data', () => {
    const attempt = () => buildCertificateRows(sampleInput(key, { maritalStatus: 'divorced' }));
    expect(attempt).toThrow(/do not apply to marital status divorced/);
    expect(attempt).not.toThrow(/李红梅/);
  });

  it.each([
    ['a negative number of children', { declaredNumberOfChildren: -1 }],
    ['a fractional number of children', { declaredNumberOfChildren: 1.5 }],
    ['an impossible date of birth', { holder: { fullName: '张晓明', sex: 'male' as const, dateOfBirth: '1992-13-01', identityNumber: 'X' } }],
    ['an unknown marital status', { maritalStatus: 'complicated' as never }],
  ])('refuses %s', (_label, overrides) => {
    expect(() => buildCertificateRows(sampleInput(key, overrides))).toThrow(/inconsistent/);
  });

  it('ignores anything outside the document type, such as medical data smuggled in', () => {
    const input = { ...sampleInput(key), contraceptionStatus: 'IUD', medicalNotes: 'confidential' } as CertificateDocumentInput;
    const printed = JSON.stringify(buildCertificateRows(input));
    expect(printed).not.toMatch(/IUD|confidential|contracept|避孕|节育|医/i);
  });
});
