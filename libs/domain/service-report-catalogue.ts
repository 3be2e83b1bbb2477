/**
 * The fixed lists a service report is made of: the services a residence office reports, their outcomes,
 * and the reasons a registration office may contest a report for. Codes are what the api, the database
 * and the workflow carry; labels are for people.
 */
export const SERVICE_TYPES = [
  { code: 'arrival-registration', label: 'Registration of arrival', labelZh: '流入登记' },
  { code: 'free-health-check', label: 'Free health check', labelZh: '免费健康检查' },
  { code: 'counselling', label: 'Counselling', labelZh: '咨询服务' },
  { code: 'change-of-address', label: 'Change of address', labelZh: '居住地址变更' },
  { code: 'change-of-marital-status', label: 'Change of marital status', labelZh: '婚姻状况变更' },
  { code: 'departure-registration', label: 'Registration of departure', labelZh: '流出登记' },
] as const;

export type ServiceTypeCode = (typeof SERVICE_TYPES)[number]['code'];
export const SERVICE_TYPE_CODES: readonly ServiceTypeCode[] = SERVICE_TYPES.map((t) => t.code);

export function isServiceType(value: unknown): value is ServiceTypeCode {
  return typeof value === 'string' && (SERVICE_TYPE_CODES as readonly string[]).includes(value);
}

/** What came of the service; codes only, so no personal data travels in them. */
export const SERVICE_OUTCOMES = ['completed', 'referred', 'declined-by-person'] as const;
export type ServiceOutcome = (typeof SERVICE_OUTCOMES)[number];

/**
 * The only grounds a registration office may contest a report on (严禁无正当理由拒绝承认): there is no
 * "other" and no "no reason".
 */
export const CONTEST_REASONS = ['wrong-person', 'forged-document', 'duplicate-report', 'service-not-provided', 'not-registered-here'] as const;
export type ContestReason = (typeof CONTEST_REASONS)[number];
