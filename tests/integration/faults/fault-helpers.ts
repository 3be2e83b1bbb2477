/**
 * Shared by the fault specs (tests/integration/faults): a seeded random source (so a failing schedule of
 * faults can be replayed: every spec prints its seed, PASSAGE_FAULT_SEED=<seed> replays it), an HTTP client
 * over fetch for many concurrent requests against a listening api (supertest opens a port per request and
 * wants them one at a time), which sends a request again with the same Idempotency-Key while the api
 * answers 503 (as the README tells clients to), and the certificate and notification invariants the specs
 * check. Not a spec file (jest matches *.spec.ts).
 */
import type { DataSource } from 'typeorm';
import type { CreateCertificateApplicationRequest } from '../../../apps/api/src/certificate-applications/certificate-application.dto';
import type { CaseView } from '../../support/case-view';

export const CASES = '/api/v1/certificate-applications';
/** 滕王阁街道: the demo office that opens, reviews and approves; its approver issues the certificates. */
export const ISSUING_OFFICE = '360102002';
/** 新安街道 (Shenzhen): the destination the certificate-issued notifications go to. */
export const DESTINATION_OFFICE = '440306017';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** PASSAGE_FAULT_SEED when set (to replay a failure), else a fresh one; printed either way. */
export function faultSeed(spec: string): number {
  const given = process.env.PASSAGE_FAULT_SEED;
  const seed = given !== undefined && given !== '' ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`PASSAGE_FAULT_SEED must be a non-negative integer, got '${given}'`);
  faultLog(spec, `seed ${seed} (replay with PASSAGE_FAULT_SEED=${seed})`);
  return seed;
}

export function faultLog(spec: string, message: string): void {
  process.stderr.write(`[faults/${spec}] ${message}\n`);
}

export interface ApiAnswer {
  status: number;
  contentType: string | null;
  body: unknown;
  text: string;
}

/** Statuses seen, per status, over all requests of a client (503s included, before they were sent again). */
export type StatusCounts = Map<number, number>;

export class ApiClient {
  readonly statuses: StatusCounts = new Map();

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** One request, answered as it comes (no retry). A network error is thrown. */
  async once(method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<ApiAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
    let parsed: unknown = undefined;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: the text says it
    }
    return { status: response.status, contentType: response.headers.get('content-type'), body: parsed, text };
  }

  /**
   * Sends the request until it is answered with something other than 503, with the same Idempotency-Key
   * each time, for at most `deadlineMs`; then expects `expected` and answers the body. 500 is never retried.
   */
  async untilAnswered<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; idempotencyKey?: string; expected: number | number[]; deadlineMs: number; retryDelayMs?: number },
  ): Promise<T> {
    const expected = Array.isArray(options.expected) ? options.expected : [options.expected];
    const deadline = Date.now() + options.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const answer = await this.once(method, path, options.body, options.idempotencyKey);
      if (answer.status !== 503) {
        if (!expected.includes(answer.status)) {
          throw new Error(`${method} ${path} (attempt ${attempt}) answered ${answer.status}, expected ${expected.join('/')}: ${answer.text}`);
        }
        return answer.body as T;
      }
      if (Date.now() > deadline) throw new Error(`${method} ${path} still answered 503 after ${options.deadlineMs} ms (${attempt} attempts): ${answer.text}`);
      await sleep(options.retryDelayMs ?? 500);
    }
  }
}

/** Opens a certificate application for `applicant`, review and approval to follow; answers the case. */
export function applicationBody(applicant: CreateCertificateApplicationRequest['applicant']): CreateCertificateApplicationRequest {
  return { applicant, destinationOfficeCode: DESTINATION_OFFICE };
}

/**
 * A case from open to issued through the api, each step sent again with its own Idempotency-Key while it
 * answers 503: open (201, or 200 for a repeat), review (caseworker), approve (approver). The review may be
 * sent at once: it waits in the workflow for the opening steps (the registry check).
 */
export async function issueThroughApi(
  clients: { caseworker: ApiClient; approver: ApiClient },
  applicant: CreateCertificateApplicationRequest['applicant'],
  key: string,
  deadlineMs: number,
): Promise<CaseView> {
  const opened = await clients.caseworker.untilAnswered<CaseView>('POST', CASES, {
    body: applicationBody(applicant),
    idempotencyKey: `open-${key}`,
    expected: [200, 201],
    deadlineMs,
  });
  await clients.caseworker.untilAnswered<CaseView>('POST', `${CASES}/${opened.id}/review`, {
    body: {},
    idempotencyKey: `review-${key}`,
    expected: 200,
    deadlineMs,
  });
  return clients.approver.untilAnswered<CaseView>('POST', `${CASES}/${opened.id}/approve`, {
    body: {},
    idempotencyKey: `approve-${key}`,
    expected: 200,
    deadlineMs,
  });
}

export async function count(db: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const rows = (await db.query(sql, params)) as Array<{ n: string | number }>;
  return Number(rows[0]!.n);
}

export interface IssuanceRecord {
  caseId: string;
  state: string;
  certificates: string[];
  /** Log entries per action, e.g. { submit: 1, review: 1, approve: 1, ... }. */
  actions: Record<string, number>;
  /** certificate-issued notifications of the case. */
  issuedNotifications: number;
}

/** What the record says of these cases: state, certificate numbers, log entries per action, notifications. */
export async function issuanceRecords(db: DataSource, caseIds: readonly string[]): Promise<IssuanceRecord[]> {
  const rows = (await db.query(
    `SELECT a.id, a.state,
            coalesce((SELECT array_agg(c.number ORDER BY c.number) FROM certificate c WHERE c.case_id = a.id), '{}') AS certificates,
            coalesce((SELECT jsonb_object_agg(x.action, x.n) FROM (SELECT action, count(*) AS n FROM case_action WHERE case_id = a.id GROUP BY action) x), '{}') AS actions,
            (SELECT count(*) FROM notification n WHERE n.case_id = a.id AND n.kind = 'certificate-issued') AS issued_notifications
       FROM certificate_application a WHERE a.id = ANY($1::uuid[])`,
    [caseIds],
  )) as Array<{ id: string; state: string; certificates: string[]; actions: Record<string, number | string>; issued_notifications: string }>;
  return rows.map((r) => ({
    caseId: r.id,
    state: r.state,
    certificates: r.certificates,
    actions: Object.fromEntries(Object.entries(r.actions).map(([k, v]) => [k, Number(v)])),
    issuedNotifications: Number(r.issued_notifications),
  }));
}

/**
 * The numbering promise of libs/domain/certificate.ts and nextOfficeSequence: numbers per office and year,
 * allocated in the issuing transaction, so the committed certificates of an office's year are exactly
 * 1..last_value, whatever crashed. Read in one statement (one snapshot): other files issue at this office
 * concurrently, and each of their commits adds the number and the counter together.
 */
export async function officeNumbering(db: DataSource, officeCode: string, year: number): Promise<{ lastValue: number; sequences: number[] }> {
  const [row] = (await db.query(
    `SELECT (SELECT last_value FROM office_sequence WHERE office_code = $1 AND kind = 'certificate' AND year = $2) AS last_value,
            coalesce((SELECT array_agg(split_part(number, '-', 3)::int ORDER BY number) FROM certificate
                       WHERE office_code = $1 AND split_part(number, '-', 2) = $2::text), '{}') AS sequences`,
    [officeCode, year],
  )) as Array<{ last_value: number | null; sequences: number[] }>;
  return { lastValue: Number(row?.last_value ?? 0), sequences: row?.sequences ?? [] };
}

/** Notifications that share a kind, case and cause: two notifications of one event (there must be none). */
export async function duplicateNotifications(db: DataSource, caseIds: readonly string[]): Promise<number> {
  return count(
    db,
    `SELECT count(*) AS n FROM (
       SELECT kind, case_id, cause_transaction_id FROM notification
        WHERE case_id = ANY($1::uuid[]) GROUP BY kind, case_id, cause_transaction_id, certificate_id HAVING count(*) > 1) d`,
    [caseIds],
  );
}
