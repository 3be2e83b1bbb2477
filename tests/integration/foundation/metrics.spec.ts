/**
 * GET /metrics (apps/api/src/metrics): the Prometheus text format, outside /api/v1 and the OpenAPI
 * document, with the business totals counted from the record and the Node.js process metrics; open in
 * test without METRICS_TOKEN and guarded by it when set; no personal data or case id in any label.
 *
 * The database is shared with other test files, which open cases of their own: counts are compared
 * before and after, never as absolute values. METRICS_CACHE_SECONDS=0, so each scrape reads the record.
 */
import { LI_NA } from '../../support/demo-applicants';
import { as, expectProblem } from '../../support/http';
import { parseExposition, sampleValue, type Exposition } from '../../support/prometheus-text';
import { STACK_START_TIMEOUT_MS, startTestStack, useTestStack, type TestStack } from '../../support/test-app';
import { DESTINATION_OFFICE, openCase } from '../certificate-applications/case-helpers';

const CASE_TYPES = ['certificate-application', 'service-report', 'residence-registration'];
const OUTCOMES = ['delivered', 'retry', 'permanent'];
/** A resident identity number (18 characters, the last a digit or X) anywhere in a value. */
const IDENTITY_NUMBER = /\d{17}[\dXx]/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('GET /metrics', () => {
  const stack = useTestStack({ env: { METRICS_CACHE_SECONDS: '0' } });

  async function scrape(): Promise<{ text: string; exposition: Exposition }> {
    const response = await stack().http.get('/metrics').expect(200);
    // Express puts the charset first; the parameters' order does not matter to Prometheus.
    expect(response.headers['content-type']).toMatch(/^text\/plain;/);
    expect(response.headers['content-type']).toContain('version=0.0.4');
    expect(response.headers['content-type']).toContain('charset=utf-8');
    return { text: response.text, exposition: parseExposition(response.text) };
  }

  it('answers the text format with the business totals, typed, and the process metrics, without a token', async () => {
    const { text, exposition } = await scrape();
    expect(text).toContain('# TYPE passage_cases_opened_total counter');
    expect(text).toContain('# HELP passage_cases_opened_total ');
    expect(exposition.types.get('passage_cases_closed_total')).toBe('counter');
    expect(exposition.types.get('passage_case_deadline_breaches_total')).toBe('counter');
    expect(exposition.types.get('passage_cases_overdue')).toBe('gauge');
    expect(exposition.types.get('passage_notifications_delivered_total')).toBe('counter');
    expect(exposition.types.get('passage_notification_delivery_attempts_total')).toBe('counter');
    expect(exposition.types.get('passage_notifications_dead_lettered_total')).toBe('counter');
    expect(exposition.types.get('passage_notifications_awaiting_redelivery')).toBe('gauge');
    // prom-client's default process metrics.
    expect(exposition.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(exposition.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');

    // Every case type and outcome has its series from the start (zero when nothing happened), so rate() and alerts see them.
    for (const caseType of CASE_TYPES) {
      for (const name of ['passage_cases_opened_total', 'passage_cases_closed_total', 'passage_case_deadline_breaches_total', 'passage_cases_overdue']) {
        expect(sampleValue(exposition, name, { case_type: caseType })).toBeGreaterThanOrEqual(0);
      }
    }
    for (const outcome of OUTCOMES) {
      expect(sampleValue(exposition, 'passage_notification_delivery_attempts_total', { outcome })).toBeGreaterThanOrEqual(0);
    }
    expect(sampleValue(exposition, 'passage_metrics_record_up')).toBe(1);
    expect(sampleValue(exposition, 'passage_metrics_record_read_seconds')).toBeGreaterThan(0);
  });

  it('is outside /api/v1 and not in the OpenAPI document', async () => {
    expectProblem(await stack().http.get('/api/v1/metrics'), 404, 'NOT_FOUND');
    const doc = (await stack().http.get('/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.includes('metrics'))).toEqual([]);
  });

  it('counts a certificate application opened through HTTP, and no label names the case or the person', async () => {
    const before = (await scrape()).exposition;
    const opened = await openCase(await as(stack(), 'tengwangge.caseworker'), { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
    const { text, exposition: after } = await scrape();

    const delta = (name: string, labels: Record<string, string>): number => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    // At least this case: other test files sharing the database may open cases between the two scrapes.
    expect(delta('passage_cases_opened_total', { case_type: 'certificate-application' })).toBeGreaterThanOrEqual(1);
    // Counters of the record never go down between scrapes.
    for (const sample of before.samples.filter((s) => before.types.get(s.name) === 'counter' && s.name.startsWith('passage_'))) {
      expect({ sample: sample.name, labels: sample.labels, down: delta(sample.name, sample.labels) < 0 }).toEqual(
        expect.objectContaining({ down: false }),
      );
    }

    // Label values are codes from fixed lists: nothing of the case or the person, in a label or anywhere else.
    for (const sample of after.samples) {
      for (const value of Object.values(sample.labels)) {
        expect({ sample: sample.name, value, identityNumber: IDENTITY_NUMBER.test(value), uuid: UUID.test(value) }).toEqual(
          expect.objectContaining({ identityNumber: false, uuid: false }),
        );
      }
    }
    const caseTypeValues = new Set(after.samples.flatMap((s) => (s.labels.case_type === undefined ? [] : [s.labels.case_type])));
    expect([...caseTypeValues].sort()).toEqual([...CASE_TYPES].sort());
    for (const personal of [LI_NA.identityNumber, LI_NA.fullName, LI_NA.spouseName!, LI_NA.spouseIdentityNumber!, opened.id, opened.caseNumber]) {
      expect(text).not.toContain(personal);
    }
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  const TOKEN = 'metrics-token-for-the-integration-test-0001';
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { METRICS_TOKEN: TOKEN } });
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 401 problem details without the token, with another token or with a staff token', async () => {
    expectProblem(await stack.http.get('/metrics'), 401, 'UNAUTHENTICATED');
    expectProblem(await stack.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}-not`), 401, 'UNAUTHENTICATED');
    const staff = await stack.loginAs('donghu.manager');
    expectProblem(await stack.http.get('/metrics').set('Authorization', `Bearer ${staff}`), 401, 'UNAUTHENTICATED');
  });

  it('answers the metrics with the token', async () => {
    const response = await stack.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(response.text).toContain('# TYPE passage_cases_opened_total counter');
  });
});
