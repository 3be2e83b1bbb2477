/**
 * Shared by the certificate-application integration specs: opening a case, polling a case until it
 * reaches a state (bounded), and small SQL look-ups. Not a spec file (jest matches *.spec.ts). The demo
 * applicants are in tests/support/demo-applicants.ts, the case's type in tests/support/case-view.ts.
 */
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import type { CreateCertificateApplicationRequest } from '../../../apps/api/src/certificate-applications/certificate-application.dto';
import type { CaseView } from '../../support/case-view';
import type { AuthedClient } from '../../support/http';

export const CASES = '/api/v1/certificate-applications';

/** How long a case may take to get from one state to the next through the real worker. */
export const STATE_TIMEOUT_MS = 30_000;

export const DESTINATION_OFFICE = '440306017'; // 新安街道, Shenzhen

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** GB 11643 check character, computed here independently of the code under test. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`expected 17 digits, got ${first17}`);
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i]!, 0);
  return CHECK_CHARACTERS[sum % 11]!;
}

export function withCheckCharacter(first17: string): string {
  return `${first17}${checkCharacter(first17)}`;
}

/** The same 17 digits with a check character that is certainly wrong. */
export function withWrongCheckCharacter(first17: string): string {
  const right = checkCharacter(first17);
  return `${first17}${right === '0' ? '1' : '0'}`;
}

/** Throws with the response text unless the status is the expected one (more useful than supertest's expect). */
export function expectStatus(response: Response, status: number): Response {
  if (response.status !== status) {
    const request = (response as unknown as { req?: { method?: string; path?: string } }).req;
    throw new Error(`expected HTTP ${status} for ${request?.method ?? ''} ${request?.path ?? ''}, got ${response.status}: ${response.text}`);
  }
  return response;
}

/** Opens a case as `client` and answers its view (201 expected). */
export async function openCase(client: AuthedClient, body: CreateCertificateApplicationRequest): Promise<CaseView> {
  return expectStatus(await client.post(CASES).send(body), 201).body as CaseView;
}

export async function getCase(client: AuthedClient, id: string): Promise<CaseView> {
  return expectStatus(await client.get(`${CASES}/${id}`), 200).body as CaseView;
}

/**
 * Polls GET /certificate-applications/:id until the case is in `state`, for at most `timeoutMs`; fails
 * naming the last state seen. Answers the view in that state.
 */
export async function waitForState(client: AuthedClient, id: string, state: string, timeoutMs = STATE_TIMEOUT_MS): Promise<CaseView> {
  const deadline = Date.now() + timeoutMs;
  let last: CaseView | undefined;
  for (;;) {
    last = await getCase(client, id);
    if (last.state === state) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `case ${id} did not reach '${state}' within ${timeoutMs} ms; it is '${last.state}' ` +
          `(timeline: ${last.timeline.map((t) => t.action).join(' > ')})`,
      );
    }
    await sleep(200);
  }
}

/** Answers once `predicate` holds for the case, polling as waitForState does. */
export async function waitForCase(
  client: AuthedClient,
  id: string,
  what: string,
  predicate: (view: CaseView) => boolean,
  timeoutMs = STATE_TIMEOUT_MS,
): Promise<CaseView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await getCase(client, id);
    if (predicate(view)) return view;
    if (Date.now() > deadline) throw new Error(`case ${id}: ${what} not seen within ${timeoutMs} ms; state '${view.state}'`);
    await sleep(200);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The ids of the demo users, by username. */
export async function userIds(db: DataSource): Promise<Map<string, string>> {
  const rows = (await db.query(`SELECT id, username FROM app_user`)) as Array<{ id: string; username: string }>;
  return new Map(rows.map((r) => [r.username, r.id]));
}

export async function actionsOf(db: DataSource, caseId: string): Promise<Array<{ action: string; actor_user_id: string | null }>> {
  return (await db.query(`SELECT action, actor_user_id FROM case_action WHERE case_id = $1 ORDER BY id`, [caseId])) as Array<{
    action: string;
    actor_user_id: string | null;
  }>;
}

export async function count(db: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const rows = (await db.query(sql, params)) as Array<{ n: string | number }>;
  return Number(rows[0]!.n);
}

/** Parses a problem-details body (supertest may leave application/problem+json unparsed). */
export function problemOf(response: Response): Record<string, unknown> {
  return JSON.parse(response.text) as Record<string, unknown>;
}
