/**
 * Test helpers that start throwaway Temporal servers without touching the internet.
 *
 * The Temporal SDK's TestWorkflowEnvironment normally downloads its servers from
 * temporal.download at test time; CI here can only reach package registries. So:
 *  - timeSkippingEnv(): Java time-skipping test server (io.temporal:temporal-test-server from
 *    Maven Central), wrapper built by scripts/temporal-test-server.sh.
 *  - localEnv(): real Temporal dev server (`temporal server start-dev`, in-memory sqlite, random
 *    free port, no UI) from the Temporal CLI built by scripts/temporal-cli.sh
 *    (`go install`, Go module proxy). Without Go (developer laptop), falls back to the SDK's own
 *    cached download.
 *
 * Both environments have Passage's custom search attributes (libs/contracts/search-attributes.ts)
 * registered on the `default` namespace, so workflows can call upsertSearchAttributes with them.
 *
 * Usage (one env per test file; always tear down, it owns a server process):
 *
 *   let env: TestWorkflowEnvironment;
 *   beforeAll(async () => { env = await timeSkippingEnv(); });
 *   afterAll(async () => { await env?.teardown(); });
 *
 * Gotchas:
 *  - First call per machine may be slow: the CLI build takes ~7-9 min on 2 CPUs (cold Go caches),
 *    the Maven classpath resolution ~8 s. Later calls are cached (~10 ms). Run the two scripts
 *    once before the test suite (scripts/lib.sh does, in test.sh) so beforeAll stays fast.
 *  - The Java time-skipping server rejects upserts of unregistered search attributes and the
 *    worker then retries the workflow task forever (the test hangs, it does not fail): any env
 *    not created through timeSkippingEnv() needs registerSearchAttributes(env).
 *  - The time-skipping env skips time only while a client awaits a workflow result (or
 *    env.sleep()); it is global to the env: do not run workflows in one env concurrently
 *    across tests that rely on time.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  TypedSearchAttributes,
} from '@temporalio/common';
import {
  encodeSearchAttributeIndexedValueType,
  type SearchAttributeKey,
} from '@temporalio/common/lib/search-attributes';
import { isGrpcServiceError } from '@temporalio/client';
import { TestWorkflowEnvironment, type LocalTestWorkflowEnvironmentOptions, type TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../libs/contracts/search-attributes';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TEMPORAL_CLI_SCRIPT = path.join(REPO_ROOT, 'scripts', 'temporal-cli.sh');
const TEST_SERVER_SCRIPT = path.join(REPO_ROOT, 'scripts', 'temporal-test-server.sh');

/** scripts/temporal-cli.sh's "no Go toolchain, fall back to the SDK download" exit code. */
const CLI_SCRIPT_NO_GO = 3;

/** Passage's custom search attribute keys, derived from the single registration list. */
export const PASSAGE_SEARCH_ATTRIBUTE_KEYS: ReadonlyArray<SearchAttributeKey<SearchAttributeType>> =
  SEARCH_ATTRIBUTE_REGISTRATIONS.map(([name, metadataType]) => {
    const type = TypedSearchAttributes.toSearchAttributeType(metadataType);
    if (type === undefined) {
      throw new Error(`libs/contracts/search-attributes.ts: unknown search attribute type '${metadataType}' for ${name}`);
    }
    return defineSearchAttributeKey(name, type);
  });

/**
 * Runs one of our scripts and returns the last line of its stdout (the scripts' contract).
 * stderr is inherited so that first-run progress ("building...") is visible in the test output.
 * Throws the execFileSync error (with `.status`) on non-zero exit.
 */
function runPathScript(script: string): string {
  const stdout = execFileSync('bash', [script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = stdout.trim().split('\n');
  const last = lines[lines.length - 1]?.trim();
  if (!last) {
    throw new Error(`${path.relative(REPO_ROOT, script)} printed no path`);
  }
  return last;
}

// Memoised per process (= per Jest worker): the scripts are cheap when cached, but not free.
let cachedCliPath: string | null | undefined;
let cachedTestServerPath: string | undefined;

/**
 * Absolute path of the Temporal CLI from scripts/temporal-cli.sh, or `null` when the script exits 3
 * (no cached binary and no Go toolchain), meaning: let the SDK download the CLI itself.
 */
export function temporalCliPath(): string | null {
  if (cachedCliPath === undefined) {
    try {
      cachedCliPath = runPathScript(TEMPORAL_CLI_SCRIPT);
    } catch (err) {
      if ((err as { status?: unknown }).status === CLI_SCRIPT_NO_GO) {
        cachedCliPath = null;
      } else {
        throw err;
      }
    }
  }
  return cachedCliPath;
}

/** Absolute path of the Java time-skipping test server wrapper from scripts/temporal-test-server.sh. */
export function timeSkippingServerPath(): string {
  cachedTestServerPath ??= runPathScript(TEST_SERVER_SCRIPT);
  return cachedTestServerPath;
}

/** gRPC status code ALREADY_EXISTS (@grpc/grpc-js is not a direct dependency). */
const GRPC_ALREADY_EXISTS = 6;

/**
 * Registers Passage's custom search attributes on `namespace` through the Operator API.
 *
 * Needed for the Java time-skipping server: it has no `--search-attribute` flag and it rejects
 * upserts of unknown attributes with INVALID_ARGUMENT "search attribute X is not defined". Worse,
 * that does not fail the workflow: the worker retries the workflow task forever, so the test just
 * hangs until its timeout. Its OperatorService implements AddSearchAttributes but NOT
 * ListSearchAttributes (UNIMPLEMENTED), and it answers ALREADY_EXISTS for a known name, so we add
 * attributes one by one and treat ALREADY_EXISTS as success. Idempotent; also works on a dev server.
 */
export async function registerSearchAttributes(env: TestWorkflowEnvironment, namespace = 'default'): Promise<void> {
  for (const key of PASSAGE_SEARCH_ATTRIBUTE_KEYS) {
    const indexedValueType = encodeSearchAttributeIndexedValueType(key.type);
    if (indexedValueType === undefined) throw new Error(`cannot encode search attribute type ${key.type}`);
    try {
      await env.connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: { [key.name]: indexedValueType },
      });
    } catch (err) {
      if (!(isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS)) throw err;
    }
  }
}

/**
 * Starts the Java time-skipping test server on a random free port and returns an environment
 * connected to it, with Passage's search attributes registered on `default`.
 *
 * Cold start measured at ~1.6-2.2 s (mostly JVM startup); the caller owns `teardown()`.
 */
export async function timeSkippingEnv(client?: TimeSkippingTestWorkflowEnvironmentOptions['client']): Promise<TestWorkflowEnvironment> {
  const env = await startTimeSkippingServer(client);
  try {
    await registerSearchAttributes(env);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}

/**
 * The SDK gives the JVM 5 s to listen, a fixed bound; on a loaded machine (two CPUs, another JVM starting)
 * that is not always enough. A start that missed it is tried again, up to three times in all.
 */
async function startTimeSkippingServer(client?: TimeSkippingTestWorkflowEnvironmentOptions['client']): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: timeSkippingServerPath() } },
        ...(client ? { client } : {}),
      });
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error && /did not start within/.test(error.message))) throw error;
      process.stderr.write(`[workflow] time-skipping server did not start in time (attempt ${attempt}); starting it again\n`);
    }
  }
}

/**
 * Starts a real Temporal dev server (`temporal server start-dev`, in-memory, headless, random free
 * port on 127.0.0.1, namespace `default`) with Passage's search attributes registered through
 * `--search-attribute`. No time skipping: `env.sleep()` and workflow timers take real time.
 *
 * Uses the CLI from scripts/temporal-cli.sh; if that script exits 3 (no Go, no cache), the SDK's
 * default `cached-download` is used instead (needs internet access to temporal.download).
 * The caller owns `teardown()`.
 */
export async function localEnv(): Promise<TestWorkflowEnvironment> {
  const cli = temporalCliPath();
  const server: NonNullable<LocalTestWorkflowEnvironmentOptions['server']> = {
    ...(cli !== null ? { executable: { type: 'existing-path', path: cli } } : {}),
    ip: '127.0.0.1',
    namespace: 'default',
    searchAttributes: [...PASSAGE_SEARCH_ATTRIBUTE_KEYS],
  };
  return await TestWorkflowEnvironment.createLocal({ server });
}
