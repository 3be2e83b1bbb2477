import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import * as contracts from '../../libs/contracts/search-attributes';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../libs/contracts/search-attributes';

/**
 * scripts/temporal-dev-server.sh registers search attributes from the plain-text
 * libs/contracts/search-attributes.txt (a shell script cannot import TypeScript). These tests keep
 * that file, SEARCH_ATTRIBUTE_REGISTRATIONS and the exported typed keys in lock-step.
 */
describe('libs/contracts/search-attributes.txt', () => {
  const txtPath = resolve(__dirname, '../../libs/contracts/search-attributes.txt');
  const lines = readFileSync(txtPath, 'utf8').split('\n');

  it('has exactly one `Name=Type` line per SEARCH_ATTRIBUTE_REGISTRATIONS entry, in the same order', () => {
    // A single trailing newline is allowed; nothing else (no blanks, no comments).
    const content = lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
    expect(content).toEqual(SEARCH_ATTRIBUTE_REGISTRATIONS.map(([name, type]) => `${name}=${type}`));
  });

  it('matches the typed search attribute keys exported from libs/contracts/search-attributes.ts', () => {
    const keys = (Object.values(contracts) as unknown[]).filter(
      (v): v is SearchAttributeKey<SearchAttributeType> =>
        typeof v === 'object' && v !== null && !Array.isArray(v) && 'name' in v && 'type' in v,
    );
    const fromKeys = keys.map((k) => `${k.name}=${TypedSearchAttributes.toMetadataType(k.type)}`).sort();
    const fromRegistrations = SEARCH_ATTRIBUTE_REGISTRATIONS.map(([n, t]) => `${n}=${t}`).sort();
    expect(fromKeys).toEqual(fromRegistrations);
  });
});
