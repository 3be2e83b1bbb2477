import type { MaritalStatus, Sex } from './certificate-document-input';

/** A label as printed: Chinese first (the document's language), English beneath for foreign readers. */
export interface BilingualLabel {
  zh: string;
  en: string;
}

export const DOCUMENT_TITLE: BilingualLabel = { zh: '婚育证明', en: 'Civil-Status Certificate' };

export const FIELD_LABELS = {
  certificateNumber: { zh: '证明编号', en: 'Certificate No.' },
  fullName: { zh: '姓名', en: 'Full name' },
  sex: { zh: '性别', en: 'Sex' },
  dateOfBirth: { zh: '出生日期', en: 'Date of birth' },
  identityNumber: { zh: '公民身份号码', en: 'Resident identity No.' },
  householdRegistration: { zh: '户籍登记地', en: 'Household registration' },
  maritalStatus: { zh: '婚姻状况', en: 'Marital status' },
  marriageDate: { zh: '结婚日期', en: 'Date of marriage' },
  spouseName: { zh: '配偶姓名', en: "Spouse's name" },
  declaredNumberOfChildren: { zh: '子女数（本人申报）', en: 'Children (self-declared)' },
  issuingOffice: { zh: '出具机关', en: 'Issuing office' },
  issuedOn: { zh: '出具日期', en: 'Issued on' },
  validUntil: { zh: '有效期至', en: 'Valid until' },
} satisfies Record<string, BilingualLabel>;

export const VERIFY_CAPTION: BilingualLabel = { zh: '扫码验证', en: 'Scan to verify' };
export const VERIFICATION_CODE_LABEL: BilingualLabel = { zh: '验证码', en: 'Verification code' };
export const VERIFY_ONLINE_LABEL: BilingualLabel = { zh: '在线验证', en: 'Verify online' };

export const SEX_LABELS: Record<Sex, BilingualLabel> = {
  male: { zh: '男', en: 'Male' },
  female: { zh: '女', en: 'Female' },
};

export const MARITAL_STATUS_LABELS: Record<MaritalStatus, BilingualLabel> = {
  unmarried: { zh: '未婚', en: 'Never married' },
  married: { zh: '初婚', en: 'Married (first marriage)' },
  remarried: { zh: '再婚', en: 'Remarried' },
  divorced: { zh: '离婚', en: 'Divorced' },
  widowed: { zh: '丧偶', en: 'Widowed' },
};

/** Statuses for which the marriage date and spouse are part of the civil status. */
export const STATUSES_WITH_SPOUSE: ReadonlySet<MaritalStatus> = new Set(['married', 'remarried']);
