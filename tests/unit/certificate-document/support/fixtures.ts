import {
  generateSigningKeyPair,
  maskHolderName,
  signVerificationPayload,
  type CertificateDocumentInput,
  type SigningKey,
  type VerificationFields,
} from '../../../../libs/certificate-document';

export const IDENTITY_NUMBER = '36010219920708123X';
export const FULL_NAME = '张晓明';

export function sampleFields(overrides: Partial<VerificationFields> = {}): VerificationFields {
  return {
    certificateNumber: '360102002-2026-000123',
    verificationCode: 'K7M2Q9XD',
    issuingOfficeCode: '360102002',
    issuedOn: '2026-03-16',
    validUntil: '2027-03-15',
    holderMaskedName: maskHolderName(FULL_NAME),
    ...overrides,
  };
}

/** A complete certificate for a married holder, with its token signed by `key`. */
export function sampleInput(key: SigningKey = generateSigningKeyPair(), overrides: Partial<CertificateDocumentInput> = {}): CertificateDocumentInput {
  const fields = sampleFields();
  const base: CertificateDocumentInput = {
    certificateNumber: fields.certificateNumber,
    verificationCode: fields.verificationCode,
    holder: { fullName: FULL_NAME, sex: 'male', dateOfBirth: '1992-07-08', identityNumber: IDENTITY_NUMBER },
    householdRegistrationOffice: { code: '360102002', name: '江西省南昌市东湖区豫章街道办事处' },
    maritalStatus: 'married',
    marriageDate: '2019-10-01',
    spouseName: '李红梅',
    declaredNumberOfChildren: 1,
    issuingOffice: { code: '360102002', name: '江西省南昌市东湖区豫章街道办事处' },
    issuedOn: fields.issuedOn,
    validUntil: fields.validUntil,
    verificationToken: signVerificationPayload(fields, key.privateKey, key.keyId),
    publicBaseUrl: 'https://passage.example.gov.cn',
  };
  return { ...base, ...overrides };
}
