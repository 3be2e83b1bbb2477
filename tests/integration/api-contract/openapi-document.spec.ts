/**
 * The OpenAPI document at /docs-json is complete enough for a generated client: every path parameter
 * declared, every error response documented with the one ProblemDetails schema, every 2xx with a schema.
 * schemathesis.spec.ts then checks that the api really behaves as documented.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../support/integration-run';
import { useTestStack } from '../../support/test-app';

const exec = promisify(execFile);

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const PROBLEM_REF = '#/components/schemas/ProblemDetailsView';

describe('the OpenAPI document', () => {
  const stack = useTestStack({ worker: false });
  let document: Document;
  const operations = (): Array<{ path: string; method: string; operation: Operation }> =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ path, method, operation: item[method]! })),
    );

  beforeAll(async () => {
    const response = await stack().http.get('/docs-json').expect(200);
    document = response.body as Document;
    expect(operations().length).toBeGreaterThan(35);
  });

  it('is a valid OpenAPI 3.0 document (openapi-spec-validator, installed beside schemathesis)', async () => {
    const { stdout } = await exec('bash', [path.join(REPO_ROOT, 'scripts', 'schemathesis.sh')], { timeout: 300_000 });
    const validator = path.join(path.dirname(stdout.trim().split('\n').pop()!), 'openapi-spec-validator');
    const dir = mkdtempSync(path.join(tmpdir(), 'passage-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const result = await exec(validator, ['--validation-errors', 'all', file]).catch((error: { stdout?: string; stderr?: string }) => {
        throw new Error(`openapi-spec-validator refused the document:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      });
      expect(result.stdout).toMatch(/OK/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('declares every path parameter of every operation, with a schema', () => {
    const missing: string[] = [];
    for (const { path, method, operation } of operations()) {
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        const parameter = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
        if (!parameter || parameter.required !== true || !parameter.schema) missing.push(`${method} ${path} {${name}}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents errors as application/problem+json with the shared ProblemDetails schema', () => {
    const problem = document.components.schemas.ProblemDetailsView as { required?: string[]; properties: Record<string, unknown> };
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'code']));
    expect(Object.keys(problem.properties)).toEqual(expect.arrayContaining(['errors', 'detail', 'instance']));
    const wrong: string[] = [];
    for (const { path, method, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || status === '503') continue;
        if (response.content?.['application/problem+json']?.schema?.$ref !== PROBLEM_REF) wrong.push(`${method} ${path} ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('documents 401 on every authenticated operation, 404 where the path names a resource, 413 and 415 where a body is read', () => {
    const missing: string[] = [];
    for (const { path, method, operation } of operations()) {
      const expected = [
        ...((operation.security ?? []).length > 0 ? ['401'] : []),
        ...(path.includes('{') ? ['404'] : []),
        ...(operation.requestBody ? ['400', '413', '415'] : []),
      ];
      for (const status of expected) if (!operation.responses[status]) missing.push(`${method} ${path} ${status}`);
    }
    expect(missing).toEqual([]);
    // Only the public operations go without a token.
    const open = operations().filter(({ operation }) => (operation.security ?? []).length === 0).map(({ method, path }) => `${method} ${path}`);
    expect(open.sort()).toEqual([
      'get /api/v1/public/certificate-signing-keys',
      'get /api/v1/public/certificates/{number}/verification',
      'get /health',
      'post /api/v1/auth/dev-login',
    ]);
  });

  it('gives every 2xx response with a body a schema, and the PDF as application/pdf binary', () => {
    const missing: string[] = [];
    for (const { path, method, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!status.startsWith('2') || status === '204') continue;
        const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
        if (schemas.length === 0 || schemas.some((s) => s === undefined)) missing.push(`${method} ${path} ${status}`);
      }
    }
    expect(missing).toEqual([]);
    const pdf = document.paths['/api/v1/certificates/{number}/pdf']!.get!.responses['200']!.content!;
    expect(Object.keys(pdf)).toEqual(['application/pdf']);
    expect(pdf['application/pdf']!.schema).toEqual({ type: 'string', format: 'binary' });
  });

  it('types limit and offset as bounded integers, dates as format date, states as enums', () => {
    const list = document.paths['/api/v1/certificate-applications']!.get!;
    const param = (name: string): Schema => list.parameters!.find((p) => p.name === name)!.schema!;
    expect(param('limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(param('offset')).toMatchObject({ type: 'integer', minimum: 0, maximum: 1_000_000 });
    expect(param('state')).toMatchObject({ enum: expect.arrayContaining(['submitted', 'under-review', 'issued']) });
    const feedback = document.paths['/api/v1/feedback-rates']!.get!.parameters!;
    expect(feedback.find((p) => p.name === 'from')!.schema).toMatchObject({ type: 'string', format: 'date' });
    const view = document.components.schemas.CertificateApplicationView as { properties: Record<string, Schema> };
    expect(view.properties.state).toMatchObject({ enum: expect.arrayContaining(['submitted', 'issued']) });
    expect(view.properties.submittedAt).toMatchObject({ type: 'string', format: 'date-time' });
  });
});
