import type { Request } from 'express';
import { changedRecordOf } from '../../../apps/api/src/audit/audit-requests';

const request = (path: string, params: Record<string, string>): Request => ({ route: { path }, path, params, method: 'POST' }) as unknown as Request;
const CASE_ID = '0193a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';

describe('changedRecordOf: the record a request for a change is about', () => {
  it('names a monitored case by its type and id', () => {
    expect(changedRecordOf(request('/api/v1/monitoring/cases/:caseType/:caseId/cancel', { caseType: 'service-report', caseId: CASE_ID }), undefined)).toEqual({
      subjectType: 'service-report',
      kind: 'service-report',
      keys: [CASE_ID],
    });
  });

  // schemathesis sent `null,null`: looked up in a uuid column it made the refusal's audit entry fail (500).
  it.each(['null,null', '', "1' OR '1'='1", `${CASE_ID}x`])('names no record for a malformed monitored case id %p', (caseId) => {
    expect(changedRecordOf(request('/api/v1/monitoring/cases/:caseType/:caseId/cancel', { caseType: 'certificate-application', caseId }), undefined).keys).toEqual([]);
  });

  it('names a case by :id only when it is a uuid', () => {
    expect(changedRecordOf(request('/api/v1/certificate-applications/:id/approve', { id: CASE_ID }), undefined).keys).toEqual([CASE_ID]);
    expect(changedRecordOf(request('/api/v1/certificate-applications/:id/approve', { id: 'nope' }), undefined).keys).toEqual([]);
  });
});
