/**
 * Text PostgreSQL can store. A `text` or `jsonb` value may not contain U+0000 (the server refuses it with
 * "invalid byte sequence for encoding UTF8: 0x00", on every retry), and a lone UTF-16 surrogate has no
 * UTF-8 form at all (the driver would send U+FFFD instead, silently changing what was typed). Input is
 * checked for both before it gets anywhere near a transaction or a workflow.
 */
import type { FieldViolation } from './errors';

export const NO_NUL_CHARACTER = 'no-nul-character';
export const NO_LONE_SURROGATE = 'no-lone-surrogate';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The rule a string breaks, or undefined when PostgreSQL can store it as it is. */
export function unstorableTextRule(value: string): typeof NO_NUL_CHARACTER | typeof NO_LONE_SURROGATE | undefined {
  if (value.includes('\u0000')) return NO_NUL_CHARACTER;
  if (LONE_SURROGATE.test(value)) return NO_LONE_SURROGATE;
  return undefined;
}

/** `applicant` + `fullName` → `applicant.fullName`; `missing` + 0 → `missing[0]`; '' + `note` → `note`. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** A key is shown in a field path only once it is safe to print; an unstorable key is named by its position. */
function printableKey(key: string, index: number): string {
  return unstorableTextRule(key) === undefined ? key : `<key ${index}>`;
}

/**
 * Every string in a parsed JSON value (or query/path parameters) that PostgreSQL cannot store, keys
 * included, as violations naming the field path. `root` names the value itself (e.g. a query parameter).
 * Depth is bounded by the JSON parser's input size; values are plain data (no cycles).
 */
export function findUnstorableText(value: unknown, root = ''): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const visit = (current: unknown, path: string): void => {
    if (typeof current === 'string') {
      const rule = unstorableTextRule(current);
      if (rule !== undefined) violations.push(violation(path, rule));
      return;
    }
    if (Array.isArray(current)) {
      current.forEach((item, index) => visit(item, childPath(path, index)));
      return;
    }
    if (current !== null && typeof current === 'object') {
      Object.entries(current as Record<string, unknown>).forEach(([key, item], index) => {
        const keyRule = unstorableTextRule(key);
        const itemPath = childPath(path, printableKey(key, index));
        if (keyRule !== undefined) violations.push(violation(itemPath, keyRule));
        visit(item, itemPath);
      });
    }
  };
  visit(value, root);
  return violations;
}

function violation(path: string, rule: string): FieldViolation {
  const field = path === '' ? 'body' : path;
  const message =
    rule === NO_NUL_CHARACTER
      ? `${field} must not contain the NUL character (U+0000)`
      : `${field} must not contain a lone UTF-16 surrogate (not valid Unicode text)`;
  return { field, rule, message };
}
