/**
 * Property-based contract test: schemathesis (scripts/schemathesis.sh installs it into .data/venv) reads
 * the api's own OpenAPI document and sends generated requests, valid and invalid, to every operation of
 * the running api. The run fails on any 5xx, any status the document does not list for the operation,
 * any response whose content type or body does not match the documented schema, and any request that
 * breaks the schema but is accepted anyway.
 *
 * Two runs, both by staff of an office no other test uses (正街社区): as its caseworker (opens real cases
 * from the schema's examples, is refused the admin operations), and as its office admin (its settings and
 * webhook are its own, so other files' assumptions about shared rows hold). All integration files share one
 * database but each has its own worker: a case another file opened is driven by that file's worker, gone
 * once the file ends, so the run must not see (and act on) other files' cases. (It now runs on a database of
 * its own; the office is still its own, so the reasoning holds wherever it runs.) The admin run also leaves
 * out the two working-calendar writes: the calendar is global and other files count deadlines in it; the
 * caseworker run still sends them (and is answered 403/400/404).
 *
 * Generated ids and numbers almost never name anything, so each run also gets real ones to mix in (half
 * the time, through a schemathesis config file): a case of its own in review, an issued certificate and
 * its verification code, the caller's office. The caseworker's generated actions on that case really run
 * through the workflow (a generated note with an unstorable character once jammed a case forever).
 *
 * PASSAGE_SCHEMATHESIS_EXAMPLES (default 20; the fast-check bodies of generated-bodies.spec.ts cover every write in depth) and PASSAGE_SCHEMATHESIS_SEED tune a run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { as } from '../../support/http';
import { REPO_ROOT } from '../../support/integration-run';
import { useTestStackOnOwnDatabase } from '../../support/test-app';
import { identityNumberCheckCharacter } from '../../../libs/domain/resident-identity-number';
import { LI_NA } from '../../support/demo-applicants';
import { caseUnderReview, expectStatus } from './contract-helpers';

const EXAMPLES = process.env.PASSAGE_SCHEMATHESIS_EXAMPLES ?? '20';
const SEED = process.env.PASSAGE_SCHEMATHESIS_SEED ?? '20261202';
// Generous: about a minute alone on two cores, but several times that on a machine busy with other work.
const RUN_TIMEOUT_MS = 600_000;

/** The office of both runs: 正街社区 under 向塘镇, which no other test file reads or writes. */
const OFFICE = '360121101001';
const ADMIN = { username: 'it-contract.zhengjie.admin', role: 'office-admin', officeCode: OFFICE } as const;
const CASEWORKER = { username: 'it-contract.zhengjie.caseworker', role: 'caseworker', officeCode: OFFICE } as const;
const APPROVER = { username: 'it-contract.zhengjie.approver', role: 'approver', officeCode: OFFICE } as const;
/** A resident registered at that office (not in the demo registry: the check finds no record, and review follows). */
const IDENTITY_DIGITS = '36012119850214302';
const APPLICANT = {
  ...LI_NA,
  fullName: '周敏',
  identityNumber: IDENTITY_DIGITS + identityNumberCheckCharacter(IDENTITY_DIGITS),
  dateOfBirth: '1985-02-14',
  householdOfficeCode: OFFICE,
};

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

/** Real values schemathesis mixes into generated path and query parameters, by the operations' paths. */
interface KnownValues {
  caseIds?: string[];
  certificateNumbers?: string[];
  verificationCodes?: string[];
  officeCodes: string[];
}

/** schemathesis.toml binding each known value to the operations whose parameter it fits. */
function configFile(known: KnownValues): string {
  const toml = (value: string): string => JSON.stringify(value);
  const lines: string[] = [];
  const bind = (dictionary: string, values: string[] | undefined, pathRegex: string, parameter: string): void => {
    if (!values || values.length === 0) return;
    lines.push(
      `[dictionaries.${dictionary}]`,
      `values = [${values.map(toml).join(', ')}]`,
      '',
      '[[operations]]',
      `include-path-regex = ${toml(pathRegex)}`,
      `parameters = { ${toml(parameter)} = { dictionary = ${toml(dictionary)}, probability = 0.5 } }`,
      '',
    );
  };
  bind('case-ids', known.caseIds, '^/api/v1/certificate-applications/\\{id\\}', 'path.id');
  bind('certificate-numbers', known.certificateNumbers, '^/api/v1/certificates/\\{number\\}', 'path.number');
  bind('verification-numbers', known.certificateNumbers, '^/api/v1/public/certificates/\\{number\\}', 'path.number');
  bind('verification-codes', known.verificationCodes, '^/api/v1/public/certificates/\\{number\\}', 'query.code');
  bind('office-codes', known.officeCodes, '^/api/v1/offices/\\{code\\}', 'path.code');
  return lines.join('\n');
}

function schemathesisArgs(baseUrl: string, token: string, configPath: string, extra: string[]): string[] {
  return [
    '--config-file',
    configPath,
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
  // A database of its own: thousands of requests, each written to the audit chain, would otherwise queue
  // on the chain's head with every other file running meanwhile (and meet the country's calendar they change).
  const stack = useTestStackOnOwnDatabase('passage_it_schemathesis', { listen: true });
  let st: string;
  const configDir = mkdtempSync(path.join(tmpdir(), 'passage-schemathesis-'));
  const writeConfig = (name: string, known: KnownValues): string => {
    const file = path.join(configDir, `${name}.toml`);
    writeFileSync(file, configFile(known));
    return file;
  };
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  beforeAll(async () => {
    st = await schemathesisCommand();
    for (const user of [ADMIN, CASEWORKER, APPROVER]) {
      await stack().db.query(
        `INSERT INTO app_user (username, display_name, role, office_code) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING`,
        [user.username, `Contract-test ${user.role}`, user.role, user.officeCode],
      );
    }
  }, 300_000);

  const expectClean = (result: Run): void => {
    if (result.code !== 0) {
      throw new Error(`schemathesis exited with ${String(result.code)}:\n${result.output.slice(-20_000)}`);
    }
    // Only the count of test cases: schemathesis closes with a pytest-style banner ("=== 3 warnings in 93s ==="),
    // which a reader of the run's output would take for a test runner that ran no test.
    const cases = /Test cases:\s*\n\s*(.+)/.exec(result.output)?.[1]?.trim() ?? 'no summary printed';
    process.stderr.write(`[schemathesis] clean: ${cases}\n`);
  };

  it(
    'as a caseworker: no 5xx, no undocumented status, every response as documented',
    async () => {
      const caseworker = await as(stack(), CASEWORKER.username);
      const approver = await as(stack(), APPROVER.username);
      // A certificate: one case through review and approval.
      const issuedCase = await caseUnderReview(caseworker, APPLICANT);
      expectStatus(await caseworker.post(`/api/v1/certificate-applications/${issuedCase.id}/review`).send({}), 200);
      const issued = expectStatus(await approver.post(`/api/v1/certificate-applications/${issuedCase.id}/approve`).send({}), 200).body as {
        certificates: Array<{ number: string }>;
      };
      const number = issued.certificates[0]!.number;
      const { verificationCode } = expectStatus(await caseworker.get(`/api/v1/certificates/${number}`), 200).body as { verificationCode: string };
      // And a case in review for the generated actions.
      const inReview = await caseUnderReview(caseworker, APPLICANT);
      const config = writeConfig('caseworker', {
        caseIds: [inReview.id, issuedCase.id],
        certificateNumbers: [number],
        verificationCodes: [verificationCode],
        officeCodes: [OFFICE],
      });
      const token = await stack().loginAs(CASEWORKER.username);
      expectClean(await run(st, schemathesisArgs(stack().baseUrl!, token, config, []), RUN_TIMEOUT_MS));
    },
    RUN_TIMEOUT_MS + 10_000,
  );

  it(
    'as an office admin of its own office: the same',
    async () => {
      const token = await stack().loginAs(ADMIN.username);
      const config = writeConfig('admin', { officeCodes: [ADMIN.officeCode] });
      const args = schemathesisArgs(stack().baseUrl!, token, config, ['--exclude-path-regex', '^/api/v1/working-calendar/\\{date\\}$']);
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
