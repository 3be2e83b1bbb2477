/**
 * Property-based contract test: schemathesis (scripts/schemathesis.sh installs it into .data/venv) reads
 * the api's own OpenAPI document and sends generated requests, valid and invalid, to every operation of
 * the running api. The run fails on any 5xx, any status the document does not list for the operation,
 * any response whose content type or body does not match the documented schema, and any request that
 * breaks the schema but is accepted anyway.
 *
 * Two runs: as a demo caseworker of 滕王阁街道 (opens real cases from the schema's examples, is refused
 * the admin operations), and as the office admin of an office no other test uses (its settings and webhook
 * are its own, so other files' assumptions about shared rows hold). All integration files share one
 * database, which is why the admin run leaves out the two working-calendar writes: the calendar is global
 * and other files count deadlines in it; the caseworker run still sends them (and is answered 403/400/404).
 *
 * PASSAGE_SCHEMATHESIS_EXAMPLES (default 40) and PASSAGE_SCHEMATHESIS_SEED tune a run.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/integration-run';
import { useTestStack } from '../../support/test-app';

const EXAMPLES = process.env.PASSAGE_SCHEMATHESIS_EXAMPLES ?? '40';
const SEED = process.env.PASSAGE_SCHEMATHESIS_SEED ?? '20261202';
const RUN_TIMEOUT_MS = 240_000;

/** The office admin's office: 正街社区 under 向塘镇, which no other test file reads or writes. */
const ADMIN = { username: 'it-contract.zhengjie.admin', role: 'office-admin', officeCode: '360121101001' } as const;

interface Run {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function schemathesisCommand(): Promise<string> {
  const install = await run('bash', [path.join(REPO_ROOT, 'scripts', 'schemathesis.sh')], 300_000);
  if (install.code !== 0) throw new Error(`scripts/schemathesis.sh failed:\n${install.output}`);
  return install.output.trim().split('\n').pop()!;
}

const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
].join(',');

function schemathesisArgs(baseUrl: string, token: string, extra: string[]): string[] {
  return [
    'run',
    `${baseUrl}/docs-json`,
    '--url',
    baseUrl,
    '--header',
    `Authorization: Bearer ${token}`,
    '--checks',
    CHECKS,
    '--phases',
    'examples,coverage,fuzzing',
    '--max-examples',
    EXAMPLES,
    '--seed',
    SEED,
    // One worker: with more, Hypothesis's lambda descriptions hit a CPython 3.11 ast.parse race
    // ("AST constructor recursion depth mismatch"), which schemathesis reports as an error.
    '--workers',
    '1',
    '--generation-database',
    'none',
    '--request-timeout',
    '20',
    '--no-color',
    ...extra,
  ];
}

describe('the api against its OpenAPI document (schemathesis)', () => {
  const stack = useTestStack({ listen: true });
  let st: string;

  beforeAll(async () => {
    st = await schemathesisCommand();
    await stack().db.query(
      `INSERT INTO app_user (username, display_name, role, office_code) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING`,
      [ADMIN.username, 'Contract-test office admin', ADMIN.role, ADMIN.officeCode],
    );
  }, 300_000);

  const expectClean = (result: Run): void => {
    if (result.code !== 0) {
      throw new Error(`schemathesis exited with ${String(result.code)}:\n${result.output.slice(-20_000)}`);
    }
    process.stderr.write(`[schemathesis] ${result.output.slice(-1500)}\n`);
  };

  it(
    'as a caseworker: no 5xx, no undocumented status, every response as documented',
    async () => {
      const token = await stack().loginAs('tengwangge.caseworker');
      expectClean(await run(st, schemathesisArgs(stack().baseUrl!, token, []), RUN_TIMEOUT_MS));
    },
    RUN_TIMEOUT_MS + 10_000,
  );

  it(
    'as an office admin of its own office: the same',
    async () => {
      const token = await stack().loginAs(ADMIN.username);
      const args = schemathesisArgs(stack().baseUrl!, token, ['--exclude-path-regex', '^/api/v1/working-calendar/\\{date\\}$']);
      try {
        expectClean(await run(st, args, RUN_TIMEOUT_MS));
      } finally {
        // The run may have registered a webhook with a generated address: nothing may ever be sent there.
        await stack().db.query(`DELETE FROM office_webhook WHERE office_code = $1`, [ADMIN.officeCode]);
      }
    },
    RUN_TIMEOUT_MS + 10_000,
  );
});
