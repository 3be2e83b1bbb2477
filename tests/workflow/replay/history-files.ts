/**
 * Where recorded workflow histories live, shared by the recorder (record-histories.ts) and the replay test
 * (replay.spec.ts): `histories/<workflow type>/<scenario>.json`, one file per recorded execution, in
 * Temporal's history JSON (history-json.ts). Not a spec file.
 */
import { readdirSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { DEMO_REGISTRY_RECORDS } from '../../../libs/db/seed/demo-registry';
import { LI_NA, WANG_QIANG, ZHANG_WEI } from '../../support/demo-applicants';

export const HISTORIES_DIR = path.join(__dirname, 'histories');

export interface HistoryFile {
  /** The workflow type: the folder name, as exported from workflows/index.ts. */
  workflowType: string;
  scenario: string;
  /** Relative to the repository, for messages. */
  name: string;
  path: string;
}

export function historyFile(workflowType: string, scenario: string): HistoryFile {
  const file = path.join(HISTORIES_DIR, workflowType, `${scenario}.json`);
  return { workflowType, scenario, name: path.relative(path.resolve(__dirname, '../../..'), file), path: file };
}

/** Every recorded history, sorted by workflow type then scenario (a stable order for test names). */
export function listHistoryFiles(): HistoryFile[] {
  if (!existsSync(HISTORIES_DIR)) return [];
  return readdirSync(HISTORIES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((workflowType) =>
      readdirSync(path.join(HISTORIES_DIR, workflowType))
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => historyFile(workflowType, name.slice(0, -'.json'.length))),
    );
}

/**
 * The demo people's names and identity numbers (registry records and applicants, spouses included): none
 * may appear in a history. They are fictional, but a history that carried them would carry a real
 * person's data the same way.
 */
const PERSONAL_VALUES: readonly string[] = [
  ...new Set(
    [...DEMO_REGISTRY_RECORDS, LI_NA, WANG_QIANG, ZHANG_WEI].flatMap((p) => {
      const spouse = p as { spouseName?: string; spouseIdentityNumber?: string };
      return [p.fullName, p.identityNumber, spouse.spouseName, spouse.spouseIdentityNumber].filter((v): v is string => Boolean(v));
    }),
  ),
];

/**
 * The personal values found in a history's JSON text (empty when none): in the text itself and in every
 * payload, whose `data` is base64 (the JSON converter's bytes), decoded.
 */
export function personalDataIn(historyJson: string): string[] {
  const texts = [historyJson];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'data' && typeof inner === 'string') texts.push(Buffer.from(inner, 'base64').toString('utf8'));
        else walk(inner);
      }
    }
  };
  walk(JSON.parse(historyJson));
  return PERSONAL_VALUES.filter((value) => texts.some((text) => text.includes(value)));
}
