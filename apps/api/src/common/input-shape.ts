import { unstorableTextRule, type FieldViolation } from '../../../../libs/domain';

/** Deeper than any request of the api needs (an applicant's fields are two levels down, a list's items one). */
export const MAX_INPUT_DEPTH = 32;

/**
 * What no request may hold whatever its fields say, found without recursion (so no input can exhaust the
 * stack, as 30 000 nested arrays in a note did: a 500 from the recursive walks that follow):
 *
 * - nesting deeper than MAX_INPUT_DEPTH: rule `max-depth`, naming where it goes too deep;
 * - a key that names a property every object inherits (`__proto__`, `constructor`, `toString`, …): rule
 *   `forbidden`. class-transformer made `__proto__` the prototype of the DTO instead of a field, and
 *   class-validator's check for unknown fields looks names up in a plain object, where `constructor` and
 *   the like are always found, so both slipped past the `forbidden` rule with whatever they carried.
 */
export function findUnacceptableShape(value: unknown, root = ''): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, path, depth } = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const field = path === '' ? 'body' : path;
    if (depth >= MAX_INPUT_DEPTH) {
      violations.push({ field, rule: 'max-depth', message: `${field} is nested deeper than ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
      continue;
    }
    Object.keys(current).forEach((key, index) => {
      // A key PostgreSQL cannot store is named by its position, as findUnstorableText names it.
      const name = unstorableTextRule(key) === undefined ? key : `<key ${index}>`;
      const child = path === '' ? name : `${path}.${name}`;
      if (key in Object.prototype) violations.push({ field: child, rule: 'forbidden', message: `${child} is not a known field` });
      else pending.push({ value: (current as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    });
  }
  return violations;
}
