/**
 * Every operation of the api answers 401 to a caller without a token, and to one with a token it cannot
 * trust, before it reads or changes anything; only the few public ones (health, dev login, public certificate
 * verification and keys) answer otherwise. The list of operations is the OpenAPI document's, so a new route
 * is covered the day it is added.
 */
import { useTestStackOnOwnDatabase } from '../../support/test-app';

interface Document {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Operations anyone may call: their own rules apply (dev login may be off; verification needs the code). */
const PUBLIC = new Set([
  'get /health',
  'post /api/v1/auth/dev-login',
  'get /api/v1/public/certificates/{number}/verification',
  'get /api/v1/public/certificate-signing-keys',
]);

/** A plausible value for a path parameter: a well-formed id, so that only authentication can refuse. */
function sample(name: string): string {
  if (/id$/i.test(name)) return '00000000-0000-4000-8000-000000000001';
  if (/officeCode/i.test(name)) return '360102002';
  if (name === 'caseType') return 'certificate-application';
  return 'CA-360102002-2026-000001';
}

describe('every operation needs a token', () => {
  // On a database of its own: it counts every audit entry and case action: other files write theirs meanwhile.
  const stack = useTestStackOnOwnDatabase('passage_it_unauth', { worker: false });

  it('answers 401 with WWW-Authenticate to no token and to an untrusted one, and changes nothing', async () => {
    const document = (await stack().http.get('/docs-json').expect(200)).body as Document;
    const before = (await stack().db.query(`SELECT (SELECT count(*) FROM case_action)::int AS actions, (SELECT count(*) FROM audit_event)::int AS audit`))[0];
    const seen: string[] = [];
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const key = `${method} ${template}`;
        if (PUBLIC.has(key)) continue;
        const url = template.replace(/\{(\w+)\}/g, (_, name: string) => sample(name));
        for (const authorization of [undefined, 'Bearer not-a-token']) {
          let request = stack().http[method](url);
          if (authorization) request = request.set('Authorization', authorization);
          if (method !== 'get' && method !== 'delete') request = request.set('Content-Type', 'application/json').send('{}');
          const response = await request;
          expect({ key, authorization: authorization ?? null, status: response.status }).toEqual({ key, authorization: authorization ?? null, status: 401 });
          expect(response.headers['www-authenticate']).toBe('Bearer realm="passage"');
        }
        seen.push(key);
      }
    }
    expect(seen.length).toBeGreaterThan(40); // the document really listed the api
    const after = (await stack().db.query(`SELECT (SELECT count(*) FROM case_action)::int AS actions, (SELECT count(*) FROM audit_event)::int AS audit`))[0];
    expect(after).toEqual(before);
  });
});
