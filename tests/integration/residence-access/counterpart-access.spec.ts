/**
 * The residence office can read what it is told about (issue #7, defect 8), through HTTP against the real
 * PostgreSQL and Temporal dev server. 滕王阁街道 issues a certificate for a person heading to 新安街道; the
 * residence office reads the `certificate-issued` notification, then the case and the certificate in the
 * counterpart view (no timeline, staff ids or registry check; the holder's file details), and cannot act.
 * The manager above it (宝安区) sees the same; another street (百花洲街道) gets 404 as for an unknown case.
 * An office that was only notified about a case (not its destination) is a counterpart too.
 */
import { randomBytes } from 'node:crypto';
import type { CaseView } from '../../support/case-view';
import { WANG_QIANG, ZHANG_WEI } from '../../support/demo-applicants';
import { authed, type AuthedClient, expectProblem } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, expectStatus, getCase, openCase, waitForState } from '../certificate-applications/case-helpers';

const CERTIFICATES = '/api/v1/certificates';
const NOTIFICATIONS = '/api/v1/notifications';
const OTHER_STREET = '360102004'; // 百花洲街道: neither owner nor destination of the cases below

/** The counterpart view's fields, exactly: nothing else may leak. */
const COUNTERPART_CASE_KEYS = ['access', 'caseNumber', 'caseType', 'certificates', 'holder', 'id', 'officeCode', 'state'];
const COUNTERPART_CERTIFICATE_KEYS = ['access', 'caseId', 'holder', 'issuedOn', 'number', 'officeCode', 'status', 'validUntil'];

/** What a counterpart sees of 王强 once a certificate is issued: his declared details, nothing more. */
const WANG_QIANG_HOLDER = { ...WANG_QIANG };

interface InboxItem {
  id: string;
  kind: string;
  caseId: string | null;
  certificateId: string | null;
  recipientOfficeCode: string;
}

describe('residence access: a counterpart reads what it is told about, and nothing else', () => {
  let stack: TestStack;
  const clients: Record<string, AuthedClient> = {};
  const as = (username: string): AuthedClient => clients[username]!;
  let caseId = '';
  let certificateNumber = '';

  beforeAll(async () => {
    stack = await startTestStack();
    for (const username of [
      'tengwangge.caseworker', 'tengwangge.approver', 'donghu.manager', 'xinan.caseworker', 'xinan.approver', 'baoan.manager',
      'baihuazhou.caseworker', 'baihuazhou.approver',
    ]) {
      clients[username] = authed(stack, await stack.loginAs(username));
    }
    const opened = await openCase(as('tengwangge.caseworker'), { applicant: WANG_QIANG, destinationOfficeCode: DESTINATION_OFFICE });
    caseId = opened.id;
    await waitForState(as('tengwangge.caseworker'), caseId, 'under-review');
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
  });

  it('before issuance the destination sees the case reduced, without the holder', async () => {
    const view = expectStatus(await as('xinan.caseworker').get(`${CASES}/${caseId}`), 200).body as Record<string, unknown>;
    expect(Object.keys(view).sort()).toEqual(COUNTERPART_CASE_KEYS);
    expect(view).toMatchObject({ access: 'counterpart', id: caseId, caseType: 'certificate-application', officeCode: '360102002', state: 'under-review' });
    expect(view.certificates).toEqual([]);
    expect(view.holder).toBeNull();
  });

  it('after issuance the residence office reads the notification, the case and the certificate', async () => {
    expectStatus(await as('tengwangge.caseworker').post(`${CASES}/${caseId}/review`).send({}), 200);
    const issued = expectStatus(await as('tengwangge.approver').post(`${CASES}/${caseId}/approve`).send({}), 200).body as CaseView;
    expect(issued).toMatchObject({ access: 'owner', state: 'issued' });
    certificateNumber = issued.certificates[0]!.number;

    // The inbox: the notification carries ids only.
    const inbox = await inboxAbout(as('xinan.caseworker'), caseId);
    expect(inbox.map((n) => n.kind)).toEqual(['certificate-issued']);
    expect(inbox[0]).toMatchObject({ recipientOfficeCode: DESTINATION_OFFICE, caseId, certificateId: expect.any(String) });

    // The case it concerns, reduced: no timeline, staff ids, registry check or spouse.
    const view = expectStatus(await as('xinan.caseworker').get(`${CASES}/${inbox[0]!.caseId}`), 200).body as Record<string, unknown>;
    expect(Object.keys(view).sort()).toEqual(COUNTERPART_CASE_KEYS);
    expect(view).toMatchObject({ access: 'counterpart', caseNumber: issued.caseNumber, state: 'issued', holder: WANG_QIANG_HOLDER });
    expect(view.certificates).toEqual([
      { number: certificateNumber, status: 'valid', issuedOn: issued.certificates[0]!.issuedOn, validUntil: issued.certificates[0]!.validUntil },
    ]);
    expect(view).not.toHaveProperty('timeline');

    // The certificate: status, validity and holder; not the verification code or signed token.
    const certificate = expectStatus(await as('xinan.caseworker').get(`${CERTIFICATES}/${certificateNumber}`), 200).body as Record<string, unknown>;
    expect(Object.keys(certificate).sort()).toEqual(COUNTERPART_CERTIFICATE_KEYS);
    expect(certificate).toMatchObject({
      access: 'counterpart', number: certificateNumber, status: 'valid', caseId, officeCode: '360102002', holder: WANG_QIANG_HOLDER,
    });

    // The owning side still gets the full views.
    const owner = await getCase(as('tengwangge.caseworker'), caseId);
    expect(owner.access).toBe('owner');
    expect(owner.timeline.map((t) => t.action)).toContain('approve');
    const ownerCertificate = expectStatus(await as('tengwangge.approver').get(`${CERTIFICATES}/${certificateNumber}`), 200).body as Record<string, unknown>;
    expect(ownerCertificate).toMatchObject({ access: 'owner', verificationCode: expect.any(String), signedToken: expect.any(String) });
    // The manager above the owning office is the owning side.
    expect((await getCase(as('donghu.manager'), caseId)).access).toBe('owner');
  });

  it('the manager above the residence office sees what it sees', async () => {
    const view = expectStatus(await as('baoan.manager').get(`${CASES}/${caseId}`), 200).body as Record<string, unknown>;
    expect(Object.keys(view).sort()).toEqual(COUNTERPART_CASE_KEYS);
    expect(view).toMatchObject({ access: 'counterpart', holder: WANG_QIANG_HOLDER });
    const certificate = expectStatus(await as('baoan.manager').get(`${CERTIFICATES}/${certificateNumber}`), 200).body as Record<string, unknown>;
    expect(certificate).toMatchObject({ access: 'counterpart', number: certificateNumber });
  });

  it('another street learns nothing: 404 as for an unknown case or number', async () => {
    const other = as('baihuazhou.caseworker');
    expectProblem(await other.get(`${CASES}/${caseId}`), 404, 'NOT_FOUND');
    expectProblem(await other.get(`${CERTIFICATES}/${certificateNumber}`), 404, 'NOT_FOUND');
    expectProblem(await other.get(`${CERTIFICATES}/${certificateNumber}/pdf`), 404, 'NOT_FOUND');
  });

  it('a counterpart cannot act, download the PDF or list the case', async () => {
    const caseworker = as('xinan.caseworker');
    const approver = as('xinan.approver');
    expectProblem(await caseworker.post(`${CASES}/${caseId}/review`).send({}), 404, 'NOT_FOUND');
    expectProblem(await caseworker.post(`${CASES}/${caseId}/approve`).send({}), 404, 'NOT_FOUND');
    expectProblem(await approver.post(`${CASES}/${caseId}/approve`).send({}), 404, 'NOT_FOUND');
    expectProblem(await caseworker.post(`${CASES}/${caseId}/withdraw`).send({}), 404, 'NOT_FOUND');
    expectProblem(await approver.post(`${CERTIFICATES}/${certificateNumber}/revoke`).send({ reason: 'not ours' }), 404, 'NOT_FOUND');
    expectProblem(await caseworker.get(`${CERTIFICATES}/${certificateNumber}/pdf`), 404, 'NOT_FOUND');
    const list = expectStatus(await as('baoan.manager').get(CASES).query({ limit: 100 }), 200).body as { items: Array<{ id: string }> };
    expect(list.items.map((i) => i.id)).not.toContain(caseId);
    // Nothing changed.
    expect((await getCase(as('tengwangge.caseworker'), caseId)).state).toBe('issued');
    expect((await certificateStatus(certificateNumber))).toBe('valid');
  });

  it('an office notified about a case is a counterpart too, though not its destination', async () => {
    const opened = await openCase(as('tengwangge.caseworker'), { applicant: ZHANG_WEI });
    expectProblem(await as('baihuazhou.caseworker').get(`${CASES}/${opened.id}`), 404, 'NOT_FOUND');
    await stack.db.query(
      `INSERT INTO notification (recipient_office_code, kind, case_type, case_id, state, idempotency_key)
       VALUES ($1, 'case-transferred-test', 'certificate-application', $2, 'delivered', $3)`,
      [OTHER_STREET, opened.id, `it-residence-access-${randomBytes(4).toString('hex')}`],
    );
    const view = expectStatus(await as('baihuazhou.caseworker').get(`${CASES}/${opened.id}`), 200).body as Record<string, unknown>;
    expect(view).toMatchObject({ access: 'counterpart', id: opened.id, certificates: [], holder: null });
    expectProblem(await as('baihuazhou.approver').post(`${CASES}/${opened.id}/withdraw`).send({}), 404, 'NOT_FOUND');
    // The residence office of the first case is no party to this one.
    expectProblem(await as('xinan.caseworker').get(`${CASES}/${opened.id}`), 404, 'NOT_FOUND');
  });

  it('documents both views in OpenAPI, told apart by `access`', async () => {
    const doc = expectStatus(await stack.http.get('/docs-json'), 200).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { oneOf?: Array<{ $ref: string }> } }> }> }>>;
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    const oneOf = (path: string): string[] =>
      (doc.paths[path]!.get!.responses['200']!.content['application/json']!.schema.oneOf ?? []).map((s) => s.$ref.split('/').pop()!);
    expect(oneOf('/api/v1/certificate-applications/{id}')).toEqual(['CertificateApplicationView', 'CounterpartCaseView']);
    expect(oneOf('/api/v1/certificates/{number}')).toEqual(['CertificateView', 'CounterpartCertificateView']);
    expect(doc.components.schemas.CounterpartCaseView!.properties.access!.enum).toEqual(['counterpart']);
    expect(doc.components.schemas.CertificateApplicationView!.properties.access!.enum).toEqual(['owner']);
    expect(Object.keys(doc.components.schemas.CounterpartHolderView!.properties).sort()).toEqual(
      ['dateOfBirth', 'fullName', 'householdOfficeCode', 'identityNumber', 'maritalStatus', 'sex'],
    );
  });

  async function inboxAbout(client: AuthedClient, id: string): Promise<InboxItem[]> {
    const items: InboxItem[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = expectStatus(await client.get(NOTIFICATIONS).query({ limit: 100, offset }), 200).body as { items: InboxItem[]; total: number };
      items.push(...page.items.filter((n) => n.caseId === id));
      if (offset + 100 >= page.total) return items;
    }
  }

  async function certificateStatus(number: string): Promise<string> {
    const rows = (await stack.db.query(`SELECT status FROM certificate WHERE number = $1`, [number])) as Array<{ status: string }>;
    return rows[0]!.status;
  }
});
