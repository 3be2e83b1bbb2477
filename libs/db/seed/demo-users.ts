import type { Role } from '../../domain';

/**
 * Demo staff for trying the service with POST /api/v1/auth/dev-login (listed in README.md).
 * Registration side: Nanchang's Donghu district; residence side: Shenzhen's Bao'an district.
 */
export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; role: Role; officeCode: string }> = [
  { username: 'tengwangge.caseworker', displayName: 'Caseworker, 滕王阁街道', role: 'caseworker', officeCode: '360102002' },
  { username: 'tengwangge.reviewer', displayName: 'Second caseworker, 滕王阁街道', role: 'caseworker', officeCode: '360102002' },
  { username: 'tengwangge.approver', displayName: 'Approver, 滕王阁街道', role: 'approver', officeCode: '360102002' },
  { username: 'tengwangge.admin', displayName: 'Office admin, 滕王阁街道', role: 'office-admin', officeCode: '360102002' },
  { username: 'baihuazhou.caseworker', displayName: 'Caseworker, 百花洲街道', role: 'caseworker', officeCode: '360102004' },
  { username: 'baihuazhou.approver', displayName: 'Approver, 百花洲街道', role: 'approver', officeCode: '360102004' },
  { username: 'donghu.manager', displayName: 'Manager, 东湖区', role: 'manager', officeCode: '360102' },
  { username: 'donghu.auditor', displayName: 'Auditor, 东湖区', role: 'auditor', officeCode: '360102' },
  { username: 'jiangxi.admin', displayName: 'Office admin, 江西省 (maintains the working calendar)', role: 'office-admin', officeCode: '36' },
  { username: 'jiangxi.manager', displayName: 'Manager, 江西省', role: 'manager', officeCode: '36' },
  { username: 'xinan.caseworker', displayName: 'Caseworker, 新安街道', role: 'caseworker', officeCode: '440306017' },
  { username: 'xinan.approver', displayName: 'Approver, 新安街道', role: 'approver', officeCode: '440306017' },
  { username: 'xixiang.caseworker', displayName: 'Caseworker, 西乡街道', role: 'caseworker', officeCode: '440306018' },
  { username: 'baoan.manager', displayName: 'Manager, 宝安区', role: 'manager', officeCode: '440306' },
];
