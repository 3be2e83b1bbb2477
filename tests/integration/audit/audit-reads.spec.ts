/**
 * Who read whose data, from where: every view of a case, list page, certificate and its PDF is in the
 * audit with the reader, their office and role, the cases and people shown, the client address (through a
 * trusted proxy here) and user agent. Auditors read the audit by case, person, user and office within
 * their jurisdiction, and change nothing anywhere.
 */
import { randomUUID } from 'node:crypto';
import { AuditEventsRepository } from '../../../libs/db';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { as, expectProblem, violatedFields, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, expectStatus, openCase, userIds, waitForState } from '../certificate-applications/case-helpers';

interface Entry {
  id: string;
  chainSeq: number;
  actorUserId: string | null;
  actorRole: string;
  officeCode: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
  clientIp: string | null;
  userAgent: string | null;
  caseIds: string[];
  personIds: string[];
}

const CLIENT = { 'X-Forwarded-For': '203.0.113.7', 'User-Agent': 'audit-test/1' };

describe('audit of reads, and the auditors', () => {
  // The test client connects from loopback: as a proxy would, it says who the client is.
  const stack = useTestStack({ env: { HTTP_TRUSTED_PROXIES: '127.0.0.1,::1' } });
  let caseworker: AuthedClient;
  let auditor: AuthedClient;
  let users: Map<string, string>;
  let opened: CaseView;
  let certificateNumber: string;
  let personId: string;

  const entriesSince = async (seq: number): Promise<Entry[]> =>
    (await stack().db.query(
      `SELECT id::text, chain_seq::int AS "chainSeq", actor_user_id AS "actorUserId", actor_role AS "actorRole", office_code AS "officeCode", action,
              subject_type AS "subjectType", subject_id AS "subjectId", details, host(client_ip) AS "clientIp", user_agent AS "userAgent",
              case_ids::text[] AS "caseIds", person_ids::text[] AS "personIds"
         FROM audit_event WHERE chain_seq > $1 ORDER BY chain_seq`,
      [seq],
    )) as Entry[];
  const head = async (): Promise<number> => ((await stack().db.query(`SELECT last_seq::int AS seq FROM audit_chain_head`))[0] as { seq: number }).seq;
  const events = async (query: Record<string, string | number>): Promise<{ items: Entry[]; nextAfter: string | null }> =>
    expectStatus(await auditor.get('/api/v1/audit/events').query(query), 200).body as { items: Entry[]; nextAfter: string | null };

  beforeAll(async () => {
    caseworker = await as(stack(), 'tengwangge.caseworker');
    auditor = await as(stack(), 'donghu.auditor');
    users = await userIds(stack().db);
    const approver = await as(stack(), 'tengwangge.approver');
    opened = await openCase(caseworker, { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(caseworker, opened.id, 'under-review');
    expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).set(CLIENT).send({}), 200);
    const issued = expectStatus(await approver.post(`${CASES}/${opened.id}/approve`).set(CLIENT).send({}), 200).body as CaseView;
    certificateNumber = issued.certificates[0]!.number;
    personId = ((await stack().db.query(`SELECT person_id FROM certificate_application WHERE id = $1`, [opened.id]))[0] as { person_id: string }).person_id;
  });

  it('records each read of a person’s data: who, which cases and people, from where; a list page once', async () => {
    const before = await head();
    const destination = await as(stack(), 'xinan.caseworker');
    const outsider = await as(stack(), 'baihuazhou.caseworker');
    expectStatus(await caseworker.get(`${CASES}/${opened.id}`).set(CLIENT), 200);
    const page = expectStatus(await caseworker.get(CASES).query({ limit: 100 }).set(CLIENT), 200).body as { items: Array<{ id: string }> };
    expectStatus(await caseworker.get(`/api/v1/certificates/${certificateNumber}`).set(CLIENT), 200);
    expectStatus(await caseworker.get(`/api/v1/certificates/${certificateNumber}/pdf`).set(CLIENT), 200);
    expectStatus(await destination.get(`${CASES}/${opened.id}`), 200); // a counterpart, without a proxy in between
    expectStatus(await outsider.get(`${CASES}/${opened.id}`), 404); // shows nothing: not a read

    const reads = (await entriesSince(before)).filter((e) => e.action === 'read');
    const by = (username: string) => reads.filter((e) => e.actorUserId === users.get(username));
    const [caseRead, listRead, certificateRead, pdfRead, ...rest] = by('tengwangge.caseworker');
    expect(rest).toEqual([]);
    expect(caseRead).toMatchObject({
      actorRole: 'caseworker', officeCode: '360102002', subjectType: 'certificate-application', subjectId: opened.id,
      caseIds: [opened.id], personIds: [personId], clientIp: '203.0.113.7', userAgent: 'audit-test/1',
      details: { route: '/api/v1/certificate-applications/:id', shown: 1 },
    });
    expect(listRead).toMatchObject({ subjectId: null, details: { route: '/api/v1/certificate-applications', shown: page.items.length }, clientIp: '203.0.113.7' });
    expect(listRead!.caseIds).toEqual(expect.arrayContaining([opened.id]));
    expect(listRead!.caseIds).toHaveLength(new Set(page.items.map((i) => i.id)).size);
    expect(listRead!.personIds).toContain(personId);
    expect(certificateRead).toMatchObject({ subjectType: 'certificate', caseIds: [opened.id], personIds: [personId], details: { route: '/api/v1/certificates/:number' } });
    expect(pdfRead).toMatchObject({ subjectType: 'certificate', personIds: [personId], details: { route: '/api/v1/certificates/:number/pdf' } });
    expect(by('xinan.caseworker')).toEqual([expect.objectContaining({ officeCode: '440306017', caseIds: [opened.id], clientIp: '127.0.0.1' })]);
    expect(by('baihuazhou.caseworker')).toEqual([]);
    // No personal data in what the audit says about a read.
    for (const e of reads) expect(JSON.stringify(e)).not.toMatch(new RegExp(`${LI_NA.fullName}|${LI_NA.identityNumber}`));
  });

  it('records each change asked for, with its outcome and origin, beside the case log’s own entries', async () => {
    const entries = (await events({ caseId: opened.id, limit: 100 })).items;
    const requests = entries.filter((e) => e.action === 'request' && e.actorUserId === users.get('tengwangge.caseworker'));
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subjectId: opened.id, details: expect.objectContaining({ method: 'POST', route: '/api/v1/certificate-applications', outcome: 'done' }) }),
        expect.objectContaining({
          clientIp: '203.0.113.7',
          details: expect.objectContaining({ route: '/api/v1/certificate-applications/:id/review', outcome: 'done', params: { id: opened.id } }),
        }),
      ]),
    );
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['case.submit', 'case.review', 'case.approve']));
  });

  it('lets auditors read by case, person, user and office within their subtree, newest first, page by page', async () => {
    const byCase = (await events({ caseId: opened.id, limit: 100 })).items;
    expect(byCase.every((e) => e.caseIds.includes(opened.id))).toBe(true);
    // A counterpart office's read of the case is the case's office's business too.
    expect(byCase.some((e) => e.action === 'read' && e.officeCode === '440306017')).toBe(true);
    expect(byCase.map((e) => e.chainSeq)).toEqual([...byCase.map((e) => e.chainSeq)].sort((a, b) => b - a));

    const byPerson = (await events({ personId, limit: 100 })).items;
    expect(byPerson.every((e) => e.personIds.includes(personId))).toBe(true);
    expect(byPerson.some((e) => e.action === 'read' && e.subjectType === 'certificate')).toBe(true);

    const byUser = (await events({ userId: users.get('tengwangge.caseworker')!, limit: 100 })).items;
    expect(byUser.length).toBeGreaterThan(0);
    expect(byUser.every((e) => e.actorUserId === users.get('tengwangge.caseworker'))).toBe(true);

    const byOffice = (await events({ officeCode: '360102002', limit: 100 })).items;
    expect(byOffice.length).toBeGreaterThan(0);
    expect(byOffice.every((e) => e.officeCode === '360102002')).toBe(true);

    const first = await events({ caseId: opened.id, limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await events({ caseId: opened.id, limit: 2, after: first.nextAfter! });
    expect(second.items[0]!.chainSeq).toBeLessThan(first.items[1]!.chainSeq);
    const following = (await stack().db.query(
      `SELECT id::text FROM audit_event WHERE case_ids @> ARRAY[$1]::uuid[] AND chain_seq < $2 ORDER BY chain_seq DESC LIMIT 2`,
      [opened.id, first.items[1]!.chainSeq],
    )) as Array<{ id: string }>;
    expect(second.items.map((e) => e.id)).toEqual(following.map((e) => e.id));

    // What is done entirely outside the subtree (宝安区 about its own case) is not theirs to see.
    const elsewhere = randomUUID();
    await new AuditEventsRepository(stack().db).record({
      actorUserId: users.get('baoan.manager')!, actorRole: 'manager', officeCode: '440306', action: 'test.elsewhere', subjectType: 'test',
      subjectId: elsewhere, reason: null, caseIds: [elsewhere], caseOfficeCodes: ['440306018'],
    });
    expect((await events({ caseId: elsewhere })).items).toEqual([]);
    expectProblem(await auditor.get('/api/v1/audit/events').query({ userId: users.get('baoan.manager')! }), 404, 'NOT_FOUND');
    expectProblem(await auditor.get('/api/v1/audit/events').query({ officeCode: '440306' }), 404, 'NOT_FOUND');
    expect((await (await as(stack(), 'jiangxi.manager')).get('/api/v1/audit/events').query({ caseId: elsewhere })).status).toBe(403);

    // Reading the audit is audited (what answered 404 showed nothing).
    const [last] = (await stack().db.query(
      `SELECT action, details, case_ids::text[] AS "caseIds" FROM audit_event WHERE actor_user_id = $1 ORDER BY chain_seq DESC LIMIT 1`,
      [users.get('donghu.auditor')],
    )) as Array<{ action: string; details: Record<string, unknown>; caseIds: string[] }>;
    expect(last).toEqual({ action: 'audit.read', details: { filter: 'caseId', shown: 0 }, caseIds: [elsewhere] });
  });

  it('asks for exactly one filter, by name', async () => {
    expect(violatedFields(expectProblem(await auditor.get('/api/v1/audit/events'), 400, 'VALIDATION_FAILED'))).toEqual(['caseId', 'officeCode', 'personId', 'userId']);
    expect(violatedFields(expectProblem(await auditor.get('/api/v1/audit/events').query({ caseId: opened.id, personId }), 400))).toEqual(['caseId', 'personId']);
    expect(violatedFields(expectProblem(await auditor.get('/api/v1/audit/events').query({ caseId: 'x' }), 400))).toEqual(['caseId']);
    expectProblem(await caseworker.get('/api/v1/audit/events').query({ caseId: opened.id }), 403, 'ROLE_NOT_PERMITTED');
  });

  it('lets an auditor change nothing anywhere, and records each refused attempt', async () => {
    const counts = async () =>
      (await stack().db.query(`SELECT (SELECT count(*) FROM certificate_application)::int AS cases, (SELECT count(*) FROM case_action)::int AS actions,
         (SELECT count(*) FROM certificate WHERE status = 'valid')::int AS valid, (SELECT count(*) FROM working_calendar_day)::int AS days,
         (SELECT count(*) FROM office_webhook)::int AS webhooks, (SELECT count(*) FROM notification WHERE read_at IS NOT NULL)::int AS read,
         (SELECT updated_at FROM office WHERE code = '360102') AS office`))[0] as Record<string, unknown>;
    const before = await counts();
    const seq = await head();
    const attempts: Array<[string, () => ReturnType<AuthedClient['post']>]> = [
      ['open a case', () => auditor.post(CASES).send({ applicant: LI_NA })],
      ['review', () => auditor.post(`${CASES}/${opened.id}/review`).send({})],
      ['revoke', () => auditor.post(`/api/v1/certificates/${certificateNumber}/revoke`).send({ reason: 'audit test' })],
      ['cancel', () => auditor.post(`/api/v1/monitoring/cases/certificate-application/${opened.id}/cancel`).send({ reason: 'audit test' })],
      ['office settings', () => auditor.patch('/api/v1/offices/360102/settings').send({ certificateDeadlineWorkingDays: 5 })],
      ['calendar', () => auditor.put('/api/v1/working-calendar/2031-01-01').send({ kind: 'holiday', name: '元旦' })],
      ['webhook', () => auditor.put('/api/v1/offices/360102/webhook').send({ url: 'https://example.org/hook', secret: 'x'.repeat(32) })],
      ['file a report', () => auditor.post('/api/v1/service-reports').send({})],
    ];
    for (const [, send] of attempts) expectProblem(await send(), 403, 'ROLE_NOT_PERMITTED');
    expect(await counts()).toEqual(before);
    // Reading is still theirs.
    expectStatus(await auditor.get(`${CASES}/${opened.id}`), 200);

    const refused = (await entriesSince(seq)).filter((e) => e.action === 'request' && e.actorUserId === users.get('donghu.auditor'));
    expect(refused).toHaveLength(attempts.length);
    for (const e of refused) expect(e.details).toMatchObject({ outcome: 'refused', status: 403, code: 'ROLE_NOT_PERMITTED' });
    expect(refused[1]).toMatchObject({ subjectId: opened.id, personIds: [personId] });
  });
});
