/**
 * A PostgreSQL 15 cluster of one test file's own, which the test may stop and start as it likes without
 * disturbing the run's shared cluster (every other file uses that one): initdb into a temporary directory,
 * the server on a free port of 127.0.0.1, its unix socket in the same directory, trust authentication for
 * the role `passage` (it exists nowhere else), and an empty database `passage`.
 *
 *   const pg = await startThrowawayPostgres();
 *   ... DATABASE_URL: pg.url ...
 *   await pg.stop('immediate');   // as if the server crashed: clients see their connections reset
 *   await pg.start();             // crash recovery, same port, same data
 *   afterAll: await pg.destroy(); // stops it and removes the directory
 *
 * The binaries are Debian's (/usr/lib/postgresql/15/bin, PASSAGE_PG_BIN to use others). PostgreSQL refuses
 * to run as root: as root the commands run as the `postgres` user (runuser), which then owns the directory.
 * fsync is off: the cluster lives for one test, and a stop, even `immediate`, loses nothing committed
 * without it (only an operating-system crash would).
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './free-port';

const execFileAsync = promisify(execFile);
const PG_BIN = process.env.PASSAGE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ROLE = 'passage';
const DATABASE = 'passage';

export type StopMode = 'smart' | 'fast' | 'immediate';

export interface ThrowawayPostgres {
  /** postgres://passage@127.0.0.1:<port>/passage (trust: no password). */
  readonly url: string;
  readonly port: number;
  /** The server log, for failure messages. */
  log(): string;
  isRunning(): boolean;
  /** pg_ctl stop -m <mode> (default fast), waiting until the server is gone. */
  stop(mode?: StopMode): Promise<void>;
  /** pg_ctl start, waiting until it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (immediate) and removes its directory. Idempotent. */
  destroy(): Promise<void>;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const root = mkdtempSync(path.join(tmpdir(), 'passage-pg-'));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  const logFile = path.join(root, 'server.log');
  mkdirSync(socketDir);
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    for (const dir of [root, socketDir]) chownSync(dir, uid, gid);
  }
  const run = async (binary: string, args: string[]): Promise<string> => {
    const [command, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, binary), ...args]] : [path.join(PG_BIN, binary), args];
    try {
      const { stdout } = await execFileAsync(command, fullArgs, { cwd: root, timeout: 60_000 });
      return stdout;
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${binary} ${args.join(' ')} failed: ${(stderr || stdout || (error as Error).message).trim()}\n${tail(logFile)}`);
    }
  };

  let running = false;
  let destroyed = false;
  const port = await freePort();
  try {
    await run('initdb', ['-D', dataDir, '-U', ROLE, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    writeFileSync(
      path.join(dataDir, 'postgresql.conf'),
      [
        `listen_addresses = '127.0.0.1'`,
        `port = ${port}`,
        `unix_socket_directories = '${socketDir}'`,
        `fsync = off`,
        `max_connections = 60`,
        `shared_buffers = '32MB'`,
        '',
      ].join('\n'),
      { flag: 'a' },
    );
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  const handle: ThrowawayPostgres = {
    url: `postgres://${ROLE}@127.0.0.1:${port}/${DATABASE}`,
    port,
    log: () => tail(logFile, 40),
    isRunning: () => running,
    async start() {
      if (destroyed) throw new Error('the throwaway PostgreSQL was destroyed');
      await run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']);
      running = true;
    },
    async stop(mode: StopMode = 'fast') {
      if (!running) return;
      await run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    async destroy() {
      if (destroyed) return;
      try {
        await handle.stop('immediate');
      } finally {
        destroyed = true;
        rmSync(root, { recursive: true, force: true });
      }
    },
  };

  try {
    await handle.start();
    const client = new Client({ connectionString: `postgres://${ROLE}@127.0.0.1:${port}/postgres` });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    await handle.destroy().catch(() => undefined);
    throw error;
  }
  return handle;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const passwd = readFileSync('/etc/passwd', 'utf8');
  const entry = passwd.split('\n').find((line) => line.startsWith('postgres:'));
  if (!entry) throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
  const [, , uid, gid] = entry.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}
