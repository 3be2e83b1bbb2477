/**
 * The authorisation matrix: every operation of the OpenAPI document, called once by each role inside and
 * outside its jurisdiction (and without a token), against real objects prepared once: what each caller
 * gets is one outcome class per cell, written down in the table below. A new operation fails the test until
 * it has a row. A refused change (401, 403, 404) also leaves the rows it would have written as they were.
 *
 * Columns (17 per row):
 *   A  — 滕王阁街道 360102002 and above it: A.cw tengwangge.caseworker, A.ap tengwangge.approver,
 *        A.mg donghu.manager (360102), A.au donghu.auditor (360102), A.ad tengwangge.admin.
 *        The certificate cases are A's, the service reports are addressed to A, the residence files'
 *        people are registered at A.
 *   R  — 坂田街道 440307013 (Shenzhen) and above it, staff created here: the residence office. It files the
 *        service reports, holds the residence files, and is the destination (counterpart) of case C1 and of
 *        the issued certificate.
 *   X  — outside every object: baihuazhou.caseworker / .approver (360102004, a sibling street of A),
 *        baoan.manager (440306), an auditor of 440306 and an office admin of 360102004 (created here).
 *   J  — jiangxi.manager (36): the manager above A, and the arbitrator of R's reports to A.
 *   -  — no token.
 *
 * Outcomes: `ok` any 2xx, or the exact status. 401/403/404 are refusals; anything else (ok, 409 for a
 * state the action does not fit, 422 for a business rule) means the caller was let through. Within a row
 * the refusals are sent first, each with the fingerprint of what the operation can write checked before
 * and after it; then the others in column order (so the first allowed caller of an action changes the
 * object, and the table says what the next one meets). Rows run in table order.
 *
 * Everything is found by the rules in the code, not copied from a run: a cell that the app answered
 * differently fails with the whole row shown.
 */
import type { Response, Test } from 'supertest';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { authed, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, expectStatus, openCase, waitForState, withCheckCharacter } from '../certificate-applications/case-helpers';
import { insertNotification } from '../notifications/notification-helpers';
import { aReport, REPORTS, waitForReportState } from '../service-reports/report-helpers';

const API = '/api/v1';
const FILES = `${API}/residence-registrations`;
const OFFICE_A = '360102002';
const OFFICE_R = '440307013';
const OFFICE_R_COUNTY = '440307';
/** Where F2 moves: 布吉街道, no other test's office. */
const TRANSFER_TO = '440307014';
/** A Saturday: marking it a holiday changes no deadline anywhere. */
const CALENDAR_DAY = '2026-08-01';
const WEBHOOK_URL = 'http://127.0.0.1:9/it-authz-webhook';

const COLUMNS = ['A.cw', 'A.ap', 'A.mg', 'A.au', 'A.ad', 'R.cw', 'R.ap', 'R.mg', 'R.au', 'R.ad', 'X.cw', 'X.ap', 'X.mg', 'X.au', 'X.ad', 'J.mg', '-'] as const;
type Column = (typeof COLUMNS)[number];
const PRINCIPALS: Record<Exclude<Column, '-'>, string> = {
  'A.cw': 'tengwangge.caseworker',
  'A.ap': 'tengwangge.approver',
  'A.mg': 'donghu.manager',
  'A.au': 'donghu.auditor',
  'A.ad': 'tengwangge.admin',
  'R.cw': 'it-authz.bantian.caseworker',
  'R.ap': 'it-authz.bantian.approver',
  'R.mg': 'it-authz.longgang.manager',
  'R.au': 'it-authz.longgang.auditor',
  'R.ad': 'it-authz.bantian.admin',
  'X.cw': 'baihuazhou.caseworker',
  'X.ap': 'baihuazhou.approver',
  'X.mg': 'baoan.manager',
  'X.au': 'it-authz.baoan.auditor',
  'X.ad': 'it-authz.baihuazhou.admin',
  'J.mg': 'jiangxi.manager',
};
/** Staff this file needs beyond the demo users. */
const CREATED_STAFF = [
  { username: 'it-authz.bantian.caseworker', role: 'caseworker', officeCode: OFFICE_R },
  { username: 'it-authz.bantian.approver', role: 'approver', officeCode: OFFICE_R },
  { username: 'it-authz.bantian.admin', role: 'office-admin', officeCode: OFFICE_R },
  { username: 'it-authz.longgang.manager', role: 'manager', officeCode: OFFICE_R_COUNTY },
  { username: 'it-authz.longgang.auditor', role: 'auditor', officeCode: OFFICE_R_COUNTY },
  { username: 'it-authz.baoan.auditor', role: 'auditor', officeCode: '440306' },
  { username: 'it-authz.baihuazhou.admin', role: 'office-admin', officeCode: '360102004' },
];
const REFUSALS = new Set(['401', '403', '404']);

/** The objects the rows act on, made in beforeAll (and a few by earlier rows: the certificate chain). */
interface Objects {
  userId: Record<Exclude<Column, '-'>, string>;
  reviewerId: string;
  /** C1: destination R, taken through request-information, supply-information, review and approve by the rows. */
  c1: CaseView;
  c2: string; // reject
  c3: string; // withdraw
  c4: string; // manager's cancel
  c5: string; // retry, reassign, escalate
  /** Issued in beforeAll from a case with destination R; the rows renew it, replace the successor, revoke that one. */
  certificate: { number: string; verificationCode: string };
  renewed?: string;
  replaced?: string;
  s1: string; // acknowledge
  s2: string; // contest, then uphold
  s3: string; // contested in beforeAll; dismiss
  s4: string; // correct, then withdraw
  s5: string; // nudge
  f1: string; // feedback, then depart
  f2: string; // transfer
  f3: string; // return
  arrival: Record<string, unknown>; // the POST row's self-declaration
  n1: string; // a notification to A: read
  n2: string; // a dead-lettered notification to A: redeliver
  dailyDigestEnabled: boolean;
}

interface Row {
  /** `METHOD /path/template` exactly as the OpenAPI document has it. */
  op: string;
  url: (o: Objects) => string;
  body?: (o: Objects) => Record<string, unknown>;
  /** What the operation can write, read before and after each refused cell (unchanged), for `who` when it matters. */
  fingerprint?: (o: Objects, who: string | undefined) => Promise<unknown>;
  /** Run before each allowed cell (not a request): puts back what the previous allowed caller removed. */
  prepare?: () => Promise<unknown>;
  /** 17 outcomes in COLUMNS order. */
  expect: string;
}

describe('authorisation matrix', () => {
  const stack = useTestStack({ listen: true });
  const tokens = new Map<Column, string>();
  let o: Objects;

  const sql = async (text: string, params: unknown[] = []): Promise<unknown> => stack().db.query(text, params);
  /** The whole row (its text form) and, for a case, how many actions its log has. */
  const rowOf = (table: string, key: string, value: string) => sql(`SELECT md5(t::text) AS row FROM ${table} t WHERE ${key} = $1`, [value]);
  const caseOf = (table: string, id: string) =>
    sql(
      `SELECT md5(t::text) AS row, (SELECT count(*) FROM case_action WHERE case_id = $1)::int AS actions,
              (SELECT count(*) FROM notification WHERE case_id = $1)::int AS notifications
         FROM ${table} t WHERE id = $1`,
      [id],
    );
  const createdBy = (table: string, who: string | undefined) =>
    sql(`SELECT count(*)::int AS n FROM ${table} WHERE created_by_user_id = $1`, [who ?? '00000000-0000-4000-8000-000000000000']);
  const certificateOf = (number: string) =>
    sql(
      `SELECT md5(c::text) AS row, (SELECT count(*) FROM certificate s WHERE s.case_id = c.case_id)::int AS issued
         FROM certificate c WHERE number = $1`,
      [number],
    );

  const client = (column: Column): AuthedClient | undefined => {
    const token = tokens.get(column);
    return token === undefined ? undefined : authed(stack(), token);
  };
  const as = (column: Exclude<Column, '-'>): AuthedClient => client(column)!;

  async function fileWaiting(): Promise<string> {
    const filed = expectStatus(await as('R.cw').post(REPORTS).send(aReport({ note: 'authorisation matrix' })), 201).body as { id: string };
    await waitForReportState(as('R.cw'), filed.id, 'awaiting-acknowledgement');
    return filed.id;
  }

  let declared = 0;
  function unknownPerson(): Record<string, unknown> {
    declared += 1;
    // Born 1966-02-(10+n): a number no other test declares.
    const first17 = `360102196602${String(10 + declared).padStart(2, '0')}${String(600 + declared)}`;
    return {
      verification: 'self-declaration',
      identityNumber: withCheckCharacter(first17),
      fullName: '授权测试',
      householdOfficeCode: OFFICE_A,
      arrivedOn: '2026-11-02',
    };
  }

  async function registered(): Promise<string> {
    const opened = expectStatus(await as('R.cw').post(FILES).send(unknownPerson()), 201).body as { id: string };
    const until = Date.now() + 30_000;
    for (;;) {
      const view = expectStatus(await as('R.cw').get(`${FILES}/${opened.id}`), 200).body as { state: string };
      if (view.state === 'registered') return opened.id;
      if (Date.now() > until) throw new Error(`file ${opened.id} is still ${view.state}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  beforeAll(async () => {
    const t0 = performance.now();
    for (const user of CREATED_STAFF) {
      await sql(`INSERT INTO app_user (username, display_name, role, office_code) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING`, [
        user.username,
        `Authorisation matrix ${user.role}`,
        user.role,
        user.officeCode,
      ]);
    }
    const ids = new Map(((await sql(`SELECT id, username FROM app_user`)) as Array<{ id: string; username: string }>).map((u) => [u.username, u.id]));
    for (const [column, username] of Object.entries(PRINCIPALS) as Array<[Exclude<Column, '-'>, string]>) {
      tokens.set(column, await stack().loginAs(username));
    }
    const userId = Object.fromEntries(Object.entries(PRINCIPALS).map(([column, username]) => [column, ids.get(username)!])) as Objects['userId'];

    // R's reports to A are decided by 江西省 (no office lies above both provinces).
    expectStatus(
      await as('R.ad').put(`${API}/cooperation-agreements/${OFFICE_R}/${OFFICE_A}`).send({ acknowledgementWorkingDays: 10, feedbackIntervalMonths: 6, arbitratorOfficeCode: '36' }),
      200,
    );

    const cw = as('A.cw');
    const opened = [];
    for (const destination of [OFFICE_R, undefined, undefined, undefined, undefined, OFFICE_R]) {
      opened.push(await openCase(cw, { applicant: LI_NA, ...(destination ? { destinationOfficeCode: destination } : {}) }));
    }
    const [c1, c2, c3, c4, c5, c6] = await Promise.all(opened.map((c) => waitForState(cw, c.id, 'under-review')));
    expectStatus(await cw.post(`${CASES}/${c6!.id}/review`).send({}), 200);
    const issued = expectStatus(await as('A.ap').post(`${CASES}/${c6!.id}/approve`).send({}), 200).body as CaseView;
    const number = issued.certificates[0]!.number;
    const { verificationCode } = expectStatus(await cw.get(`${API}/certificates/${number}`), 200).body as { verificationCode: string };

    const [s1, s2, s3, s4, s5] = [await fileWaiting(), await fileWaiting(), await fileWaiting(), await fileWaiting(), await fileWaiting()];
    expectStatus(await cw.post(`${REPORTS}/${s3}/contest`).send({ reason: 'wrong-person', evidenceNote: 'register entry 9' }), 200);
    const [f1, f2, f3] = [await registered(), await registered(), await registered()];

    const n1 = await insertNotification(stack().db, { recipientOfficeCode: OFFICE_A, createdAt: new Date(), label: 'authz-read', kind: 'arrival-registered' });
    const n2 = await insertNotification(stack().db, {
      recipientOfficeCode: OFFICE_A,
      createdAt: new Date(),
      label: 'authz-dead',
      kind: 'arrival-registered',
      deliveredAt: null,
      deadLetteredAt: new Date(),
      lastDeliveryError: 'HTTP 500',
      state: 'dead-lettered',
    });
    const settings = expectStatus(await as('A.ad').get(`${API}/offices/${OFFICE_A}/settings`), 200).body as { dailyDigestEnabled: boolean };
    // A day for the calendar rows to refuse to change or remove (a Saturday: it moves no deadline).
    await sql(`INSERT INTO working_calendar_day (date, kind, name) VALUES ($1, 'holiday', 'it-authz') ON CONFLICT (date) DO NOTHING`, [CALENDAR_DAY]);

    o = {
      userId,
      reviewerId: ids.get('tengwangge.reviewer')!,
      c1: c1!,
      c2: c2!.id,
      c3: c3!.id,
      c4: c4!.id,
      c5: c5!.id,
      certificate: { number, verificationCode },
      s1,
      s2,
      s3,
      s4,
      s5,
      f1,
      f2,
      f3,
      arrival: unknownPerson(),
      n1,
      n2,
      dailyDigestEnabled: settings.dailyDigestEnabled,
    };
    if (process.env.PASSAGE_IT_QUIET !== '1') process.stderr.write(`[authorisation matrix] objects prepared in ${Math.round(performance.now() - t0)} ms\n`);
  }, 180_000);

  afterAll(async () => {
    await sql(`DELETE FROM working_calendar_day WHERE date = $1 AND name = 'it-authz'`, [CALENDAR_DAY]).catch(() => undefined);
  });

  const caseRow = (id: (o: Objects) => string) => (x: Objects) => caseOf('certificate_application', id(x));
  const reportRow = (id: (o: Objects) => string) => (x: Objects) => caseOf('service_report', id(x));
  const fileRow = (id: (o: Objects) => string) => (x: Objects) => caseOf('residence_registration', id(x));
  const certificateRow = (number: (o: Objects) => string | undefined) => (x: Objects) => certificateOf(number(x) ?? 'none');
  const caseAction = (action: string, id: (o: Objects) => string, body: Record<string, unknown>, expect: string): Row => ({
    op: `POST /api/v1/certificate-applications/{id}/${action}`,
    url: (x) => `${CASES}/${id(x)}/${action}`,
    body: () => body,
    fingerprint: caseRow(id),
    expect,
  });
  const reportAction = (action: string, id: (o: Objects) => string, body: Record<string, unknown>, expect: string): Row => ({
    op: `POST /api/v1/service-reports/{id}/${action}`,
    url: (x) => `${REPORTS}/${id(x)}/${action}`,
    body: () => body,
    fingerprint: reportRow(id),
    expect,
  });
  const fileAction = (action: string, id: (o: Objects) => string, body: Record<string, unknown>, expect: string): Row => ({
    op: `POST /api/v1/residence-registrations/{id}/${action}`,
    url: (x) => `${FILES}/${id(x)}/${action}`,
    body: () => body,
    fingerprint: fileRow(id),
    expect,
  });
  const certificateAction = (action: string, number: (o: Objects) => string | undefined, body: Record<string, unknown>, expect: string): Row => ({
    op: `POST /api/v1/certificates/{number}/${action}`,
    url: (x) => `${API}/certificates/${number(x)}/${action}`,
    body: () => body,
    fingerprint: certificateRow(number),
    expect,
  });
  const monitoring = (action: string, caseType: string, id: (o: Objects) => string, body: (o: Objects) => Record<string, unknown>, expect: string): Row => ({
    op: `POST /api/v1/monitoring/cases/{caseType}/{caseId}/${action}`,
    url: (x) => `${API}/monitoring/cases/${caseType}/${id(x)}/${action}`,
    body,
    fingerprint: (x) => caseOf(caseType === 'service-report' ? 'service_report' : 'certificate_application', id(x)),
    expect,
  });
  const get = (op: string, url: (o: Objects) => string, expect: string): Row => ({ op: `GET ${op}`, url, expect });

  // prettier-ignore
  const TABLE: Row[] = [
    //                                                                    A: cw  ap  mg  au  ad   R: cw  ap  mg  au  ad   X: cw  ap  mg  au  ad   J   -
    get('/health', () => '/health',                                         'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  ok'),
    { op: 'POST /api/v1/auth/dev-login', url: () => `${API}/auth/dev-login`, body: () => ({ username: 'tengwangge.caseworker' }),
      expect:                                                               'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  ok' },
    get('/api/v1/public/certificate-signing-keys', () => `${API}/public/certificate-signing-keys`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  ok'),
    get('/api/v1/public/certificates/{number}/verification', (x) => `${API}/public/certificates/${x.certificate.number}/verification?code=${x.certificate.verificationCode}`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  ok'),

    // The office directory is everyone's; settings are the office's (and the managers' above it).
    get('/api/v1/offices', () => `${API}/offices`,                          'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/offices/{code}', () => `${API}/offices/${OFFICE_A}`,       'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/offices/{code}/children', () => `${API}/offices/360102/children`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/offices/{code}/subtree', () => `${API}/offices/360102/subtree`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/offices/{code}/settings', () => `${API}/offices/${OFFICE_A}/settings`,
                                                                            'ok  ok  ok  ok  ok      404 404 404 404 404     404 404 404 404 404   ok  401'),
    { op: 'PATCH /api/v1/offices/{code}/settings', url: () => `${API}/offices/${OFFICE_A}/settings`,
      // The value it has: the allowed call changes nothing other files could notice.
      body: (x) => ({ dailyDigestEnabled: x.dailyDigestEnabled }), fingerprint: () => rowOf('office', 'code', OFFICE_A),
      expect:                                                               '403 403 403 403 ok      404 404 404 403 404     404 404 404 403 404   403 401' },

    get('/api/v1/users/me', () => `${API}/users/me`,                        'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/users', () => `${API}/users`,                              'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/users/{id}', (x) => `${API}/users/${x.userId['A.cw']}`,    'ok  ok  ok  ok  ok      404 404 404 404 404     404 404 404 404 404   ok  401'),

    // The working calendar is the country's: only an office admin of a province-level office keeps it
    // (jiangxi.admin, no column here: tests/integration/working-calendar/calendar-changes.spec.ts has its
    // change, its audit and the deadlines it moves). Every column is refused, street admins included.
    get('/api/v1/working-calendar', () => `${API}/working-calendar?year=2026`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    { op: 'PUT /api/v1/working-calendar/{date}', url: () => `${API}/working-calendar/${CALENDAR_DAY}`, body: () => ({ kind: 'holiday', name: 'it-authz', reason: 'it-authz' }),
      fingerprint: () => sql(`SELECT kind, name FROM working_calendar_day WHERE date = $1`, [CALENDAR_DAY]),
      expect:                                                               '403 403 403 403 403     403 403 403 403 403     403 403 403 403 403   403 401' },
    { op: 'DELETE /api/v1/working-calendar/{date}', url: () => `${API}/working-calendar/${CALENDAR_DAY}`, body: () => ({ reason: 'it-authz' }),
      fingerprint: () => sql(`SELECT kind, name FROM working_calendar_day WHERE date = $1`, [CALENDAR_DAY]),
      expect:                                                               '403 403 403 403 403     403 403 403 403 403     403 403 403 403 403   403 401' },

    // Certificate applications: A's cases; C1's destination R reads it reduced and acts on nothing.
    get('/api/v1/certificate-applications', () => CASES,                    'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/certificate-applications/{id}', (x) => `${CASES}/${x.c1.id}`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      404 404 404 404 404   ok  401'),
    { op: 'POST /api/v1/certificate-applications', url: () => CASES, body: () => ({ applicant: LI_NA }),
      fingerprint: (_x, who) => createdBy('certificate_application', who),
      // Caseworkers and managers open cases, for households at or below their office (else 422 registered-here).
      expect:                                                               'ok  403 ok  403 403     422 403 422 403 403     422 403 422 403 403   ok  401' },
    caseAction('request-information', (x) => x.c1.id, { missing: ['marriage-certificate-copy'] },
                                                                            'ok  409 409 403 403     404 404 404 403 404     404 404 404 403 404   409 401'),
    caseAction('supply-information', (x) => x.c1.id, { note: 'copy received' },
                                                                            'ok  403 409 403 403     404 404 404 403 404     404 404 404 403 404   409 401'),
    caseAction('review', (x) => x.c1.id, {},                                'ok  403 409 403 403     404 404 404 403 404     404 404 404 403 404   409 401'),
    caseAction('approve', (x) => x.c1.id, {},                               '403 ok  403 403 403     404 404 404 403 404     404 404 404 403 404   403 401'),
    caseAction('reject', (x) => x.c2, { reason: 'not eligible' },           '403 ok  403 403 403     404 404 404 403 404     404 404 404 403 404   403 401'),
    caseAction('withdraw', (x) => x.c3, {},                                 'ok  403 409 403 403     404 404 404 403 404     404 404 404 403 404   409 401'),

    // Certificates: the record to the issuing side, a reduced view to the destination R; the PDF and the
    // actions are the issuing office's approvers' only.
    get('/api/v1/certificates/{number}', (x) => `${API}/certificates/${x.certificate.number}`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      404 404 404 404 404   ok  401'),
    get('/api/v1/certificates/{number}/pdf', (x) => `${API}/certificates/${x.certificate.number}/pdf`,
                                                                            'ok  ok  ok  ok  ok      404 404 404 404 404     404 404 404 404 404   ok  401'),
    certificateAction('renew', (x) => x.certificate.number, {},             '403 ok  403 403 403     404 404 404 403 404     404 404 404 403 404   403 401'),
    certificateAction('replace', (x) => x.renewed, { reason: 'lost' },      '403 ok  403 403 403     404 404 404 403 404     404 404 404 403 404   403 401'),
    certificateAction('revoke', (x) => x.replaced, { reason: 'issued in error' },
                                                                            '403 ok  403 403 403     404 404 404 403 404     404 404 404 403 404   403 401'),

    // Notifications: an inbox is its office's (and the managers' and auditors' above); marking read is for
    // the recipient office's staff; redelivery for its admin or a manager above (the first one starts it).
    get('/api/v1/notifications', () => `${API}/notifications`,              'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/notifications/{id}', (x) => `${API}/notifications/${x.n1}`,
                                                                            'ok  ok  ok  ok  ok      404 404 404 404 404     404 404 404 404 404   ok  401'),
    { op: 'POST /api/v1/notifications/{id}/read', url: (x) => `${API}/notifications/${x.n1}/read`, fingerprint: (x) => rowOf('notification', 'id', x.n1),
      expect:                                                               'ok  ok  403 403 ok      404 404 404 403 404     404 404 404 403 404   403 401' },
    { op: 'POST /api/v1/notifications/{id}/redeliver', url: (x) => `${API}/notifications/${x.n2}/redeliver`, fingerprint: (x) => rowOf('notification', 'id', x.n2),
      expect:                                                               '403 403 ok  403 409     404 404 404 403 404     404 404 404 403 404   409 401' },
    get('/api/v1/feedback-rates', () => `${API}/feedback-rates?from=2026-01-01&to=2026-02-01`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),

    // R's webhook: registered and removed by R's admin only, seen within R's jurisdiction.
    { op: 'PUT /api/v1/offices/{code}/webhook', url: () => `${API}/offices/${OFFICE_R}/webhook`, body: () => ({ url: WEBHOOK_URL }),
      fingerprint: () => rowOf('office_webhook', 'office_code', OFFICE_R),
      expect:                                                               '404 404 404 403 404     403 403 403 403 ok      404 404 404 403 404   404 401' },
    get('/api/v1/offices/{code}/webhook', () => `${API}/offices/${OFFICE_R}/webhook`,
                                                                            '404 404 404 404 404     ok  ok  ok  ok  ok      404 404 404 404 404   404 401'),
    { op: 'DELETE /api/v1/offices/{code}/webhook', url: () => `${API}/offices/${OFFICE_R}/webhook`,
      fingerprint: () => rowOf('office_webhook', 'office_code', OFFICE_R),
      expect:                                                               '404 404 404 403 404     403 403 403 403 ok      404 404 404 403 404   404 401' },

    // Service reports R filed to A (arbitrator 江西省): each action is one office's turn.
    get('/api/v1/service-reports', () => REPORTS,                           'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/service-reports/{id}', (x) => `${REPORTS}/${x.s1}`,        'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      404 404 404 404 404   ok  401'),
    { op: 'POST /api/v1/service-reports', url: () => REPORTS, body: () => aReport({ note: 'authorisation matrix' }),
      fingerprint: (_x, who) => createdBy('service_report', who),
      // Caseworkers file, for a person registered at another office (李娜 is A's: 422 registered-elsewhere).
      expect:                                                               '422 403 403 403 403     ok  403 403 403 403     ok  403 403 403 403   403 401' },
    reportAction('acknowledge', (x) => x.s1, {},                            'ok  403 403 403 403     403 403 403 403 403     404 404 404 403 404   403 401'),
    reportAction('contest', (x) => x.s2, { reason: 'wrong-person', evidenceNote: 'register entry 17' },
                                                                            'ok  403 403 403 403     403 403 403 403 403     404 404 404 403 404   403 401'),
    reportAction('uphold-contest', (x) => x.s2, { reason: 'the register says so' },
                                                                            '403 403 403 403 403     403 403 403 403 403     404 404 404 403 404   ok  401'),
    reportAction('dismiss-contest', (x) => x.s3, { reason: 'the person lives there' },
                                                                            '403 403 403 403 403     403 403 403 403 403     404 404 404 403 404   ok  401'),
    reportAction('correct', (x) => x.s4, { reason: 'typo', note: 'corrected' },
                                                                            '403 403 403 403 403     ok  403 403 403 403     404 404 404 403 404   403 401'),
    reportAction('withdraw', (x) => x.s4, { reason: 'filed twice' },        '403 403 403 403 403     ok  403 403 403 403     404 404 404 403 404   403 401'),
    get('/api/v1/service-report-types', () => `${API}/service-report-types`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/cooperation-agreements', () => `${API}/cooperation-agreements`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/cooperation-agreements/{officeCodeA}/{officeCodeB}', () => `${API}/cooperation-agreements/${OFFICE_R}/${OFFICE_A}`,
                                                                            'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      404 404 404 404 404   ok  401'),
    { op: 'PUT /api/v1/cooperation-agreements/{officeCodeA}/{officeCodeB}', url: () => `${API}/cooperation-agreements/${OFFICE_R}/${OFFICE_A}`,
      // The terms beforeAll set: an allowed call changes nothing a report would notice.
      body: () => ({ acknowledgementWorkingDays: 10, feedbackIntervalMonths: 6, arbitratorOfficeCode: '36' }),
      fingerprint: () => sql(`SELECT md5(a::text) AS row FROM cooperation_agreement a WHERE office_code_a = $1 AND office_code_b = $2`, [OFFICE_A, OFFICE_R]),
      expect:                                                               '403 403 ok  403 ok      403 403 ok  403 ok      404 404 404 403 404   ok  401' },

    // Residence files at R of people registered at A: R's caseworkers act, A reads.
    get('/api/v1/residence-registrations', () => FILES,                     'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    get('/api/v1/residence-registrations/{id}', (x) => `${FILES}/${x.f1}`,  'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      404 404 404 404 404   ok  401'),
    { op: 'POST /api/v1/residence-registrations', url: () => FILES, body: (x) => x.arrival,
      fingerprint: (_x, who) => createdBy('residence_registration', who),
      // A caseworker of A: the person is registered there (422); of X, after R's: the person has a file (422).
      expect:                                                               '422 403 403 403 403     ok  403 403 403 403     422 403 403 403 403   403 401' },
    fileAction('feedback', (x) => x.f1, { situation: 'unchanged' },         '403 403 403 403 403     ok  403 403 403 403     404 404 404 403 404   403 401'),
    fileAction('transfer', (x) => x.f2, { toOfficeCode: TRANSFER_TO },      '403 403 403 403 403     ok  403 403 403 403     404 404 404 403 404   403 401'),
    fileAction('depart', (x) => x.f1, { note: 'left the city' },            '403 403 403 403 403     ok  403 403 403 403     404 404 404 403 404   403 401'),
    fileAction('return', (x) => x.f3, {},                                   '403 403 403 403 403     ok  403 403 403 403     404 404 404 403 404   403 401'),

    // Monitoring: managers only (everyone else 403 before any lookup), on cases within their subtree.
    get('/api/v1/monitoring/summary', () => `${API}/monitoring/summary`,    '403 403 ok  403 403     403 403 ok  403 403     403 403 ok  403 403   ok  401'),
    get('/api/v1/monitoring/stuck', () => `${API}/monitoring/stuck`,        '403 403 ok  403 403     403 403 ok  403 403     403 403 ok  403 403   ok  401'),
    monitoring('retry', 'certificate-application', (x) => x.c5, () => ({ reason: 'cause fixed' }),
      // Nothing of C5 is failing: 409 nothing-failing.
                                                                            '403 403 409 403 403     403 403 404 403 403     403 403 404 403 403   409 401'),
    monitoring('cancel', 'certificate-application', (x) => x.c4, () => ({ reason: 'opened by mistake' }),
                                                                            '403 403 ok  403 403     403 403 404 403 403     403 403 404 403 403   409 401'),
    monitoring('reassign', 'certificate-application', (x) => x.c5, (x) => ({ assigneeUserId: x.reviewerId, reason: 'holiday cover' }),
                                                                            '403 403 ok  403 403     403 403 404 403 403     403 403 404 403 403   ok  401'),
    monitoring('nudge', 'service-report', (x) => x.s5, () => ({ reason: 'please answer' }),
                                                                            '403 403 ok  403 403     403 403 ok  403 403     403 403 404 403 403   ok  401'),
    monitoring('escalate', 'certificate-application', (x) => x.c5, () => ({ reason: 'needs the province' }),
      // 江西省 has no manager above it: 422 manager-above.
                                                                            '403 403 ok  403 403     403 403 404 403 403     403 403 404 403 403   422 401'),

    get('/api/v1/search', (x) => `${API}/search?q=${x.c1.caseNumber}`,      'ok  ok  ok  ok  ok      ok  ok  ok  ok  ok      ok  ok  ok  ok  ok    ok  401'),
    // The audit: auditors read it (the case's entries within their subtree); verifying the chain is also the managers'.
    get('/api/v1/audit/events', (x) => `${API}/audit/events?caseId=${x.c1.id}`,
                                                                            '403 403 403 ok  403     403 403 403 ok  403     403 403 403 ok  403   403 401'),
    get('/api/v1/audit/verify', () => `${API}/audit/verify`,                '403 403 ok  ok  403     403 403 ok  ok  403     403 403 ok  ok  403   ok  401'),
  ];

  function send(row: Row, column: Column): Test {
    const [method] = row.op.split(' ') as [string];
    const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const url = row.url(o);
    const request = client(column)?.[verb](url) ?? stack().http[verb](url);
    return row.body ? request.send(row.body(o)) : request;
  }

  const outcome = (response: Response): string => (response.status >= 200 && response.status < 300 ? 'ok' : String(response.status));

  it('lists every operation of the OpenAPI document exactly once', async () => {
    const document = (await stack().http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      ['get', 'put', 'post', 'delete', 'patch'].filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const rows = TABLE.map((r) => r.op);
    expect(operations.length).toBeGreaterThan(60);
    expect({ withoutRow: operations.filter((op) => !rows.includes(op)), notInDocument: rows.filter((op) => !operations.includes(op)) }).toEqual({
      withoutRow: [],
      notInDocument: [],
    });
    expect(rows.filter((op, i) => rows.indexOf(op) !== i)).toEqual([]);
  });

  it('answers every role inside and outside its jurisdiction as the table says, and a refused change changes nothing', async () => {
    const actual: Record<string, string> = {};
    const expected: Record<string, string> = {};
    const changed: string[] = [];
    const answers: string[] = [];
    const timing: Array<[string, number]> = [];
    for (const row of TABLE) {
      const t0 = performance.now();
      const cells = row.expect.trim().split(/\s+/);
      if (cells.length !== COLUMNS.length) throw new Error(`${row.op}: ${cells.length} outcomes, not ${COLUMNS.length}`);
      const got = new Array<string>(COLUMNS.length);
      const order = [...COLUMNS.keys()].sort((a, b) => Number(!REFUSALS.has(cells[a]!)) - Number(!REFUSALS.has(cells[b]!)));
      for (const index of order) {
        const column = COLUMNS[index]!;
        const refusal = REFUSALS.has(cells[index]!);
        const who = column === '-' ? undefined : o.userId[column];
        if (!refusal) await row.prepare?.();
        const before = refusal && row.fingerprint ? await row.fingerprint(o, who) : undefined;
        const response = await send(row, column);
        got[index] = outcome(response);
        if (got[index] !== cells[index]) answers.push(`${row.op} as ${column}: ${response.status} ${response.text.slice(0, 300)}`);
        if (refusal && row.fingerprint) {
          const after = await row.fingerprint(o, who);
          if (JSON.stringify(after) !== JSON.stringify(before)) changed.push(`${row.op} as ${column} (${got[index]}): ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        }
        if (!refusal && response.status < 300) remember(row, response);
      }
      timing.push([row.op, performance.now() - t0]);
      actual[row.op] = got.join(' ');
      expected[row.op] = cells.join(' ');
    }
    if (process.env.PASSAGE_IT_QUIET !== '1') {
      const slowest = timing.sort((a, b) => b[1] - a[1]).slice(0, 5).map(([op, ms]) => `${op} ${Math.round(ms)} ms`);
      process.stderr.write(`[authorisation matrix] slowest rows: ${slowest.join('; ')}\n`);
    }
    if (answers.length > 0) process.stderr.write(`[authorisation matrix] cells that differ:\n  ${answers.join('\n  ')}\n`);
    expect(actual).toEqual(expected);
    expect(changed).toEqual([]);
  });

  /** The certificate chain: renew answers the successor the replace row acts on, replace the one revoke does. */
  function remember(row: Row, response: Response): void {
    const successor = (response.body as { successorNumber?: string | null }).successorNumber ?? undefined;
    if (row.op.endsWith('/renew')) o.renewed ??= successor;
    if (row.op.endsWith('/replace')) o.replaced ??= successor;
  }
});

