/**
 * Staff search through HTTP: by an exact case number, certificate number or identity number, within the
 * caller's jurisdiction; hits show the masked name; a search that finds a person is audited.
 */
import type { CaseView } from '../../support/case-view';
import { ZHANG_WEI } from '../../support/demo-applicants';
import { as, expectProblem, violatedFields, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, expectStatus, openCase, waitForState } from '../certificate-applications/case-helpers';

interface Result {
  matchedAs: string;
  items: Array<{ kind: string; id: string; number: string; state: string; officeCode: string; holderMaskedName: string }>;
}

describe('search', () => {
  const stack = useTestStack();
  let caseworker: AuthedClient;
  let approver: AuthedClient;
  let otherStreet: AuthedClient; // 百花洲街道: not a party
  let destination: AuthedClient; // 新安街道: the certificate's destination

  beforeAll(async () => {
    caseworker = await as(stack(), 'tengwangge.caseworker');
    approver = await as(stack(), 'tengwangge.approver');
    otherStreet = await as(stack(), 'baihuazhou.caseworker');
    destination = await as(stack(), 'xinan.caseworker');
  });

  const search = async (client: AuthedClient, q: string): Promise<Result> => expectStatus(await client.get('/api/v1/search').query({ q }), 200).body as Result;

  it('finds by case, certificate and identity number, masked, within the jurisdiction, and audits who found whom', async () => {
    // The demo applicant is shared by every file of the run: count only the audit entries of this test.
    const [{ before }]: Array<{ before: string }> = await stack().db.query(`SELECT coalesce(max(id), 0)::text AS before FROM audit_event`);
    const opened = await openCase(caseworker, { applicant: ZHANG_WEI, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(caseworker, opened.id, 'under-review');
    expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).send({}), 200);
    const issued = expectStatus(await approver.post(`${CASES}/${opened.id}/approve`).send({}), 200).body as CaseView;
    const certificateNumber = issued.certificates[0]!.number;

    const byCase = await search(caseworker, opened.caseNumber.toLowerCase());
    expect(byCase).toEqual({
      matchedAs: 'case-number',
      items: [{ kind: 'certificate-application', id: opened.id, number: opened.caseNumber, state: 'issued', officeCode: '360102002', holderMaskedName: '张**' }],
    });
    const byCertificate = await search(destination, certificateNumber);
    expect(byCertificate.matchedAs).toBe('certificate-number');
    expect(byCertificate.items).toEqual([expect.objectContaining({ kind: 'certificate', number: certificateNumber, state: 'valid', holderMaskedName: '张**' })]);
    const byPerson = await search(caseworker, ZHANG_WEI.identityNumber);
    expect(byPerson.matchedAs).toBe('identity-number');
    expect(byPerson.items.map((i) => [i.kind, i.number])).toEqual(expect.arrayContaining([['certificate-application', opened.caseNumber], ['certificate', certificateNumber]]));
    expect(JSON.stringify(byPerson)).not.toContain(ZHANG_WEI.fullName);

    // Outside the jurisdiction nothing is found, and nothing is audited.
    expect((await search(otherStreet, opened.caseNumber)).items).toEqual([]);
    expect((await search(otherStreet, ZHANG_WEI.identityNumber)).items).toEqual([]);

    const audited: Array<{ action: string; username: string; details: Record<string, unknown> }> = await stack().db.query(
      `SELECT e.action, u.username, e.details FROM audit_event e JOIN app_user u ON u.id = e.actor_user_id
        WHERE e.id > $2 AND e.subject_type = 'person' AND e.subject_id = (SELECT id FROM person WHERE identity_number = $1) ORDER BY e.id`,
      [ZHANG_WEI.identityNumber, before],
    );
    const mine = audited.filter((e) => ['tengwangge.caseworker', 'xinan.caseworker', 'baihuazhou.caseworker'].includes(e.username));
    expect(mine.map((e) => [e.username, e.details['matchedAs']])).toEqual([
      ['tengwangge.caseworker', 'number'],
      ['xinan.caseworker', 'number'],
      ['tengwangge.caseworker', 'identity-number'],
    ]);
    for (const e of audited) expect(JSON.stringify(e.details)).not.toContain(ZHANG_WEI.identityNumber);
  });

  it('refuses a query that is not a number, naming the field', async () => {
    expect(violatedFields(expectProblem(await caseworker.get('/api/v1/search').query({ q: '张%' }), 400, 'VALIDATION_FAILED'))).toEqual(['q']);
    expect(violatedFields(expectProblem(await caseworker.get('/api/v1/search'), 400))).toEqual(['q']);
  });
});
