/**
 * Security headers (helmet) on every answer: the api's JSON may load, frame or submit nothing; only the
 * Swagger UI at /docs gets a page policy, under which every script it loads is its own (same origin) and
 * answers. CORS headers only for the exact origins of CORS_ALLOWED_ORIGINS, and none at all without them.
 */
import { useTestStack } from '../../support/test-app';

const DESK = 'https://desk.example.test';

function directives(header: string | undefined): Record<string, string> {
  return Object.fromEntries((header ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(' ')[0]!, d.slice(d.indexOf(' ') + 1)]));
}

describe('security headers', () => {
  const stack = useTestStack({ worker: false });

  it('answers the api with a policy that allows nothing, and the usual helmet headers', async () => {
    for (const response of [await stack().http.get('/health'), await stack().http.get('/api/v1/offices')]) {
      const csp = directives(response.headers['content-security-policy']);
      expect(csp).toEqual({ 'default-src': "'none'", 'base-uri': "'none'", 'form-action': "'none'", 'frame-ancestors': "'none'" });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['access-control-allow-origin']).toBeUndefined(); // no CORS list: no CORS headers
    }
  });

  it('serves the Swagger UI under a page policy its own scripts and styles satisfy', async () => {
    const page = await stack().http.get('/docs/').redirects(1);
    expect(page.status).toBe(200);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp['script-src']).toBe("'self'");
    expect(csp['style-src']).toContain("'unsafe-inline'");
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
    const scripts = [...page.text.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    expect(page.text).not.toMatch(/<script(?![^>]*src=)[^>]*>\s*\S/); // no inline script, which script-src 'self' would block
    for (const src of scripts) {
      expect(src).not.toMatch(/^[a-z]+:\/\//i); // same origin
      const script = await stack().http.get(new URL(src, 'http://api.test/docs/').pathname);
      expect({ src, status: script.status }).toEqual({ src, status: 200 });
    }
    const openapi = await stack().http.get('/docs-json').expect(200);
    expect(directives(openapi.headers['content-security-policy'])['default-src']).toBe("'none'");
  });
});

describe('CORS from CORS_ALLOWED_ORIGINS', () => {
  const stack = useTestStack({ worker: false, env: { CORS_ALLOWED_ORIGINS: `${DESK},http://localhost:5173` } });

  it('lets a listed origin call the api, with the headers it needs', async () => {
    const preflight = await stack()
      .http.options('/api/v1/certificate-applications')
      .set('Origin', DESK)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(DESK);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization.*Idempotency-Key/);
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

    const answer = await stack().http.get('/api/v1/offices').set('Origin', DESK);
    expect(answer.status).toBe(401);
    expect(answer.headers['access-control-allow-origin']).toBe(DESK);
    expect(answer.headers['access-control-expose-headers']).toContain('Retry-After');
    expect(answer.headers['vary']).toMatch(/Origin/);
  });

  it('gives any other origin no CORS header, including a near miss', async () => {
    for (const origin of ['https://evil.example.test', 'https://desk.example.test.evil.example', 'http://desk.example.test']) {
      const preflight = await stack().http.options('/api/v1/offices').set('Origin', origin).set('Access-Control-Request-Method', 'GET');
      expect({ origin, allow: preflight.headers['access-control-allow-origin'] ?? null }).toEqual({ origin, allow: null });
      const answer = await stack().http.get('/api/v1/offices').set('Origin', origin);
      expect({ origin, allow: answer.headers['access-control-allow-origin'] ?? null }).toEqual({ origin, allow: null });
    }
  });
});
