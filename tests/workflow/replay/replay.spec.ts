/**
 * Versioning: every recorded history (tests/workflow/replay/histories/<workflow type>/<scenario>.json,
 * made by `npm run record-workflow-histories`) is replayed against the current workflow code, from the
 * same source the worker runs (createWorker's workflowSource()). A code change that alters the commands
 * an old execution issued — an activity added, removed or reordered, a timer changed — fails here with
 * the file's name, before it can strand the cases that run for weeks in production. Such a change must be
 * guarded with `patched('<id>')` (docs/architecture.md, "Versioning workflows").
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { workflowSource } from '../../../apps/worker/src/create-worker';
import { temporalDataConverter } from '../../../libs/temporal';
import * as registeredWorkflows from '../../../workflows';
import { listHistoryFiles, personalDataIn, type HistoryFile } from './history-files';
import { historyFromJsonText } from './history-json';

const files = listHistoryFiles();

/**
 * The workflow source the worker uses, bundled once for all histories (in tests it is the source tree), and
 * the worker's data converter with a key: the histories were recorded before the payload codec (or without
 * a key), and a worker that encrypts must still read them (unencrypted payloads pass through).
 */
async function replayOptions(): Promise<ReplayWorkerOptions> {
  const source = workflowSource();
  const dataConverter = temporalDataConverter({ TEMPORAL_PAYLOAD_KEY: randomBytes(32).toString('base64') });
  if (source.workflowBundle) return { workflowBundle: source.workflowBundle, replayName: 'passage-fixtures', dataConverter };
  const bundle = await bundleWorkflowCode({ workflowsPath: source.workflowsPath!, logger: { ...quiet } });
  return { workflowBundle: bundle, replayName: 'passage-fixtures', dataConverter };
}

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('workflow histories replay against the current code', () => {
  /** File name → the replay's failure (undefined when it replayed cleanly). */
  const outcomes = new Map<string, string | undefined>();

  beforeAll(async () => {
    try {
      // The replay worker logs every state change at INFO; a failing replay still reports here through the results.
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Already installed in this module registry.
    }
    const byWorkflowId = new Map<string, HistoryFile>();
    const histories = files.map((file) => {
      const history = historyFromJsonText(readFileSync(file.path, 'utf8'));
      // Each file gets its own id, so a result names its file even if two recordings shared a workflow id.
      const workflowId = `replay/${file.workflowType}/${file.scenario}`;
      byWorkflowId.set(workflowId, file);
      return { workflowId, history };
    });
    for await (const result of Worker.runReplayHistories(await replayOptions(), histories)) {
      const file = byWorkflowId.get(result.workflowId);
      if (!file) throw new Error(`replay answered for an unknown workflow id ${result.workflowId}`);
      outcomes.set(file.name, result.error ? `${result.error.name}: ${result.error.message}` : undefined);
    }
  }, 120_000);

  it('has a recorded history for every workflow type the worker registers', () => {
    const recorded = new Set(files.map((f) => f.workflowType));
    expect(Object.keys(registeredWorkflows).filter((type) => !recorded.has(type))).toEqual([]);
  });

  it.each(files.map((f) => [f.name, f] as const))('%s replays without non-determinism', (name, file) => {
    expect(outcomes.has(name)).toBe(true);
    const failure = outcomes.get(name);
    if (failure !== undefined) {
      throw new Error(
        `${name} no longer replays: ${failure}\n` +
          `The ${file.workflowType} code now issues different commands than this recorded execution did. Guard the change with ` +
          `patched('<id>') (docs/architecture.md, "Versioning workflows") instead of re-recording over it.`,
      );
    }
  });

  it('finds personal data inside payloads, which history JSON carries in base64', () => {
    const data = Buffer.from(JSON.stringify({ fullName: '李娜' })).toString('base64');
    const history = JSON.stringify({ events: [{ eventId: '1', input: { payloads: [{ metadata: {}, data }] } }] });
    expect(history).not.toContain('李娜');
    expect(personalDataIn(history)).toEqual(['李娜']);
  });

  it.each(files.map((f) => [f.name, f] as const))('%s carries no personal data', (_name, file) => {
    expect(personalDataIn(readFileSync(file.path, 'utf8'))).toEqual([]);
  });
});
