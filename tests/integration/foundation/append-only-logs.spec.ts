/**
 * The case log and the audit cannot be rewritten: the database refuses UPDATE, DELETE and TRUNCATE on
 * case_action and audit_event, from any connection (here the application's own), and the rows stay as written.
 */
import { AuditEventsRepository } from '../../../libs/db';
import { LI_NA } from '../../support/demo-applicants';
import { as } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, expectStatus } from '../certificate-applications/case-helpers';

describe('append-only logs', () => {
  const stack = useTestStack({ worker: false });

  const refused = async (sql: string, params: unknown[] = []): Promise<void> => {
    await expect(stack().db.query(sql, params)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/append-only/) });
  };

  it('refuses to rewrite or remove a case log entry', async () => {
    const caseworker = await as(stack(), 'tengwangge.caseworker');
    const opened = expectStatus(await caseworker.post(CASES).send({ applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE }), 201).body as { id: string };
    const [entry] = (await stack().db.query(`SELECT id, action, reason FROM case_action WHERE case_id = $1`, [opened.id])) as Array<{ id: string; action: string; reason: string | null }>;
    expect(entry).toMatchObject({ action: 'submit' });
    await refused(`UPDATE case_action SET reason = 'rewritten' WHERE id = $1`, [entry!.id]);
    await refused(`DELETE FROM case_action WHERE id = $1`, [entry!.id]);
    await refused(`TRUNCATE case_action`);
    expect(await stack().db.query(`SELECT id, action, reason FROM case_action WHERE case_id = $1`, [opened.id])).toEqual([entry]);
  });

  it('refuses to rewrite or remove an audit entry', async () => {
    const [user] = (await stack().db.query(`SELECT id FROM app_user WHERE username = 'donghu.manager'`)) as Array<{ id: string }>;
    const subjectId = '00000000-0000-4000-8000-000000000001';
    await new AuditEventsRepository(stack().db).record({ actorUserId: user!.id, actorRole: 'manager', action: 'test.append-only', subjectType: 'test', subjectId, reason: 'kept' });
    await refused(`UPDATE audit_event SET reason = 'rewritten' WHERE subject_id = $1`, [subjectId]);
    await refused(`DELETE FROM audit_event WHERE subject_id = $1`, [subjectId]);
    await refused(`TRUNCATE audit_event`);
    expect(await stack().db.query(`SELECT reason FROM audit_event WHERE subject_id = $1`, [subjectId])).toEqual([{ reason: 'kept' }]);
  });
});
