/**
 * How many workflow starts per second the embedded Temporal dev server takes, with SQLite's default
 * settings and with the pragmas scripts/temporal-dev-server.sh uses (WAL, synchronous=normal), on a state
 * file and in memory (the integration tests' server). Writes its section of docs/benchmarks.md.
 *
 *   npm run build && node dist/bench/temporal-dev-server-starts.js [starts per run, default 400]
 *
 * Bounded: each run starts a fresh server on 127.0.0.1 (a free port, a temporary state file), makes a fixed
 * number of starts with 16 in flight, and stops the server. No worker runs: a start is the server's
 * write of the new execution, which is what intake costs. Nothing leaves the machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { writeMarkdownSection } from './markdown-section';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI = process.env.TEMPORAL_CLI ?? path.join(process.env.HOME ?? '', '.cache/passage/temporal-cli/v1.5.1/temporal');
const STARTS = Number(process.argv[2] ?? 400);
const IN_FLIGHT = 16;
const PRAGMAS = ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'];

interface Mode {
  name: string;
  file: boolean;
  pragmas: boolean;
}

const MODES: Mode[] = [
  { name: 'state file, SQLite defaults', file: true, pragmas: false },
  { name: 'state file, WAL + synchronous=normal (npm start)', file: true, pragmas: true },
  { name: 'in memory, SQLite defaults', file: false, pragmas: false },
  { name: 'in memory, WAL + synchronous=normal (integration tests)', file: false, pragmas: true },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function connectWithin(address: string, timeoutMs: number): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`dev server at ${address} not ready within ${timeoutMs} ms: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function measure(mode: Mode): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'passage-bench-'));
  const port = await freePort();
  const args = ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  if (mode.file) args.push('--db-filename', path.join(dir, 'temporal.db'));
  if (mode.pragmas) args.push(...PRAGMAS);
  const server: ChildProcess = spawn(CLI, args, { stdio: 'ignore' });
  try {
    const connection = await connectWithin(`127.0.0.1:${port}`, 30_000);
    const client = new Client({ connection, namespace: 'default' });
    const run = `${Date.now()}`;
    const start = (i: number) =>
      client.workflow.start('benchmarkNoop', { workflowId: `bench/${run}/${i}`, taskQueue: 'bench-no-worker', args: [] });
    for (let i = 0; i < 20; i++) await start(-1 - i); // warm-up
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < STARTS) await start(next++);
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    await connection.close();
    return STARTS / seconds;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const mode of MODES) {
    const rate = await measure(mode);
    process.stderr.write(`${mode.name}: ${rate.toFixed(1)} starts/s\n`);
    rows.push(`| ${mode.name} | ${rate.toFixed(1)} |`);
  }
  const text = `## Workflow starts per second on the embedded Temporal dev server

Produced by \`npm run build && node dist/bench/temporal-dev-server-starts.js ${STARTS}\`
(bench/temporal-dev-server-starts.ts): ${STARTS} starts per run, ${IN_FLIGHT} in flight, no worker, a fresh
\`temporal server start-dev\` (CLI v1.5.1) on 127.0.0.1 for each row; ${cpus().length} CPUs, ${new Date().toISOString().slice(0, 10)}.
Other work on the machine at the time makes the numbers move by a few starts per second either way.

| server state | starts/s |
|---|---|
${rows.join('\n')}

\`journal_mode=wal\` + \`synchronous=normal\` is what \`scripts/temporal-dev-server.sh\` (\`npm start\`) and the
integration tests use; README.md ("The embedded Temporal server trades durability for speed") says what it
costs. An in-memory database has no journal to move to WAL, so there the pragmas change little.
`;
  writeMarkdownSection(path.join(REPO_ROOT, 'docs', 'benchmarks.md'), 'temporal-dev-server-starts', text);
  process.stderr.write('wrote docs/benchmarks.md\n');
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
