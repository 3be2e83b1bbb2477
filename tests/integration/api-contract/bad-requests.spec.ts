/**
 * Every kind of bad request answers a 4xx problem, never a 500, and changes nothing: bodies that are not
 * JSON objects, other media types and encodings, bodies over the limit, paging past what a 64-bit integer
 * holds, nulls for optional fields, and dates that do not exist.
 */
import { gzipSync } from 'node:zlib';
import { LI_NA } from '../../support/demo-applicants';
import { as, expectProblem, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, caseUnderReview, expectStatus, expectViolation, getCase } from './contract-helpers';

const SETTINGS = '/api/v1/offices/360102002/settings';
const CERTIFICATE = '/api/v1/certificates/360102002-2026-999999';

describe('bad requests', () => {
  const stack = useTestStack();
  let caseworker: AuthedClient;
  let admin: AuthedClient;
  let caseId: string;

  beforeAll(async () => {
    caseworker = await as(stack(), 'tengwangge.caseworker');
    admin = await as(stack(), 'tengwangge.admin');
    caseId = (await caseUnderReview(caseworker)).id;
  });

  const raw = (client: AuthedClient, url: string, contentType: string, body: string | Buffer) =>
    client.post(url).set('Content-Type', contentType).send(body);

  describe('bodies that are not a JSON object', () => {
    it('{} where fields are required names the missing field', async () => {
      expectViolation(await caseworker.post(`${CASES}/${caseId}/request-information`).send({}), 'missing', 'isArray');
      expectViolation(await caseworker.post(CASES).send({}), 'applicant', 'isObject');
      expectViolation(await caseworker.post(CASES).send({ destinationOfficeCode: '440306017' }), 'applicant', 'isObject');
    });

    it('[] , a bare JSON value or an empty body is a 400 with rule json-object or json-syntax', async () => {
      const url = `${CASES}/${caseId}/review`;
      expectViolation(await raw(caseworker, url, 'application/json', '[]'), 'body', 'json-object');
      expectViolation(await raw(caseworker, url, 'application/json', '[{"note":"x"}]'), 'body', 'json-object');
      expectViolation(await caseworker.post(url), 'body', 'json-object');
      expectViolation(await raw(caseworker, url, 'application/json', '"review"'), 'body', 'json-syntax');
      expectViolation(await raw(caseworker, url, 'application/json', 'null'), 'body', 'json-syntax');
      expectViolation(await raw(caseworker, url, 'application/json', '{"note": '), 'body', 'json-syntax');
      expect((await getCase(caseworker, caseId)).state).toBe('under-review');
    });

    it('deep nesting and a __proto__ key are 400s naming where, and change nothing (found by bad-input-properties.spec.ts)', async () => {
      const url = `${CASES}/${caseId}/review`;
      // 30 000 nested arrays used to be a 500 (the recursive walks ran out of stack).
      const deep = `{"note": ${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
      const errors = expectViolation(await raw(caseworker, url, 'application/json', deep), `note${'[0]'.repeat(31)}`, 'max-depth');
      expect(errors).toHaveLength(1);
      // __proto__ became the DTO's prototype and the review went through with it.
      expectViolation(await raw(caseworker, url, 'application/json', '{"__proto__": {"note": "x"}}'), '__proto__', 'forbidden');
      expect((await getCase(caseworker, caseId)).state).toBe('under-review');
    });

    it('renew with a JSON array is refused before it can act', async () => {
      const approver = await as(stack(), 'tengwangge.approver');
      // 400 and not 404: the body is judged before the certificate is looked up.
      expectViolation(await raw(approver, `${CERTIFICATE}/renew`, 'application/json', '[]'), 'body', 'json-object');
      expectViolation(await raw(approver, `${CERTIFICATE}/replace`, 'application/json', '["lost"]'), 'body', 'json-object');
      expectProblem(await approver.post(`${CERTIFICATE}/renew`).send({}), 404, 'NOT_FOUND');
    });
  });

  describe('media types and encodings', () => {
    it('a body that is not application/json is 415, also on PATCH, and changes nothing', async () => {
      const before = expectStatus(await admin.get(SETTINGS), 200).body as Record<string, unknown>;
      const flipped = { dailyDigestEnabled: !before.dailyDigestEnabled };
      expectProblem(await admin.patch(SETTINGS).set('Content-Type', 'text/plain').send(JSON.stringify(flipped)), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await admin.patch(SETTINGS).type('form').send('dailyDigestEnabled=false'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await raw(caseworker, CASES, 'application/xml', '<applicant/>'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(expectStatus(await admin.get(SETTINGS), 200).body).toEqual(before);
      // A +json type is JSON.
      expectViolation(await raw(caseworker, CASES, 'application/merge-patch+json', '{}'), 'applicant', 'isObject');
    });

    it('an unsupported Content-Encoding or charset is 415; a body that does not inflate is 400; real gzip works', async () => {
      const url = `${CASES}/${caseId}/review`;
      const bogus = await caseworker.post(url).set('Content-Type', 'application/json').set('Content-Encoding', 'bogus').send('{}');
      expect(expectProblem(bogus, 415, 'UNSUPPORTED_MEDIA_TYPE').title).toMatch(/Content-Encoding/);
      expectProblem(await raw(caseworker, url, 'application/json; charset=latin1', '{}'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      const notGzip = await caseworker.post(url).set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{"not":"gzip"}');
      expect(expectProblem(notGzip, 400, 'BAD_REQUEST').title).toBe('The request body could not be read.');
      const gzipped = await caseworker
        .post(`${CASES}/${caseId}/request-information`)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize((body: Buffer) => body as unknown as string) // send the bytes as they are, not JSON of a Buffer
        .send(gzipSync(JSON.stringify({ missing: [] })));
      expectViolation(gzipped, 'missing', 'arrayMinSize');
      expect((await getCase(caseworker, caseId)).state).toBe('under-review');
    });

    it('a body over the limit is 413 naming the limit, before it is parsed', async () => {
      const limit = stack().config.HTTP_BODY_LIMIT_BYTES;
      expect(limit).toBe(64 * 1024);
      const big = JSON.stringify({ missing: ['x'], note: 'n'.repeat(limit) });
      const problem = expectProblem(await raw(caseworker, `${CASES}/${caseId}/request-information`, 'application/json', big), 413, 'PAYLOAD_TOO_LARGE');
      expect(problem.title).toContain(String(limit));
      // Also when it only grows that large once inflated.
      const bomb = gzipSync(big);
      expect(bomb.length).toBeLessThan(limit);
      const inflated = await caseworker
        .post(`${CASES}/${caseId}/request-information`)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize((body: Buffer) => body as unknown as string) // send the bytes as they are, not JSON of a Buffer
        .send(bomb);
      expectProblem(inflated, 413, 'PAYLOAD_TOO_LARGE');
      // Just under the limit it is read, and judged by the field rules.
      const under = JSON.stringify({ missing: ['x'], note: 'n'.repeat(limit - 100) });
      expectViolation(await raw(caseworker, `${CASES}/${caseId}/request-information`, 'application/json', under), 'note', 'isLength');
    });
  });

  describe('query parameters', () => {
    it('limit and offset are bounded integers: beyond 64 bits, beyond the maximum, negative, fractional or text is 400', async () => {
      for (const offset of ['99999999999999999999', '9223372036854775808', '1000001', '-1', '1.5', 'ten']) {
        expectViolation(await caseworker.get(`${CASES}?offset=${offset}`), 'offset', expect.any(String) as unknown as string);
      }
      for (const limit of ['0', '101', '1e3', '']) {
        const problem = expectProblem(await caseworker.get(`${CASES}?limit=${limit}`), 400, 'VALIDATION_FAILED');
        expect(problem.errors?.map((e) => e.field)).toContain('limit');
      }
      expectViolation(await caseworker.get('/api/v1/notifications?offset=99999999999999999999'), 'offset', 'max');
      const page = expectStatus(await caseworker.get(`${CASES}?offset=1000000&limit=100`), 200).body as { items: unknown[]; offset: number };
      expect(page).toMatchObject({ items: [], offset: 1000000 });
    });

    it('booleans are true or false; unknown parameters are named', async () => {
      expectViolation(await caseworker.get(`${CASES}?overdue=yes`), 'overdue', 'isBoolean');
      expectViolation(await caseworker.get(`${CASES}?colour=red`), 'colour', 'forbidden');
    });
  });

  describe('nulls and dates', () => {
    it('null for an optional field is a 400 naming it, and changes nothing', async () => {
      const before = expectStatus(await admin.get(SETTINGS), 200).body as Record<string, unknown>;
      expectViolation(await admin.patch(SETTINGS).send({ dailyDigestEnabled: null }), 'dailyDigestEnabled', 'isBoolean');
      expectViolation(await admin.patch(SETTINGS).send({ certificateValidityYears: null }), 'certificateValidityYears', 'isInt');
      expectViolation(await caseworker.post(`${CASES}/${caseId}/review`).send({ note: null }), 'note', 'isString');
      expectViolation(await caseworker.post(CASES).send({ applicant: LI_NA, selfDeclared: null }), 'selfDeclared', 'isBoolean');
      expect(expectStatus(await admin.get(SETTINGS), 200).body).toEqual(before);
    });

    it('dates that do not exist are 400 calendar-date, in bodies, queries and paths', async () => {
      for (const date of ['0000-01-01', '2025-02-30', '2026-13-01', '2024-02-30']) {
        expectViolation(await caseworker.post(CASES).send({ applicant: { ...LI_NA, dateOfBirth: date } }), 'applicant.dateOfBirth', 'calendar-date');
        expectViolation(
          await caseworker.post(CASES).send({ applicant: { ...LI_NA, marriageDate: date } }),
          'applicant.marriageDate',
          'calendar-date',
        );
        const manager = await as(stack(), 'donghu.manager');
        expectViolation(await manager.get(`/api/v1/feedback-rates?from=${date}&to=2026-04-01`), 'from', 'calendar-date');
        expectViolation(await admin.put(`/api/v1/working-calendar/${date}`).send({ kind: 'holiday', name: 'x', reason: 'test' }), 'date', 'calendar-date');
      }
      expectViolation(await caseworker.post(CASES).send({ applicant: { ...LI_NA, dateOfBirth: '1990-3-7' } }), 'applicant.dateOfBirth', 'matches');
    });
  });
});
