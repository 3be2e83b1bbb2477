/**
 * What no request may hold whatever its fields: nesting past MAX_INPUT_DEPTH (30 000 nested arrays in a note
 * were a 500: the recursive walks after it ran out of stack) and a `__proto__` key (class-transformer made it
 * the DTO's prototype, so it passed the rule against unknown fields). Both found by the property-based
 * bad-input test (tests/integration/api-contract/bad-input-properties.spec.ts).
 */
import { findUnacceptableShape, MAX_INPUT_DEPTH } from '../../../apps/api/src/common/input-shape';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('findUnacceptableShape', () => {
  it('takes what requests look like', () => {
    expect(findUnacceptableShape({ applicant: { fullName: '李娜' }, missing: ['a', 'b'], note: null })).toEqual([]);
    expect(findUnacceptableShape(nested(MAX_INPUT_DEPTH))).toEqual([]);
    expect(findUnacceptableShape('text', 'code')).toEqual([]);
  });

  it('names where a body goes deeper than the limit, for any depth, without recursion', () => {
    expect(findUnacceptableShape(nested(MAX_INPUT_DEPTH + 1))).toEqual([
      { field: '[0]'.repeat(MAX_INPUT_DEPTH), rule: 'max-depth', message: expect.any(String) },
    ]);
    const violations = findUnacceptableShape({ note: nested(200_000) });
    expect(violations).toEqual([{ field: `note${'[0]'.repeat(MAX_INPUT_DEPTH - 1)}`, rule: 'max-depth', message: expect.stringContaining('deeper than') }]);
  });

  it('refuses a __proto__ key wherever it is, and names it', () => {
    expect(findUnacceptableShape(JSON.parse('{"__proto__": {"note": 5}}'))).toEqual([{ field: '__proto__', rule: 'forbidden', message: expect.any(String) }]);
    expect(findUnacceptableShape(JSON.parse('{"applicant": {"__proto__": 1}, "missing": [{"__proto__": 2}]}')).map((v) => v.field).sort()).toEqual([
      'applicant.__proto__',
      'missing[0].__proto__',
    ]);
    // `constructor` is an ordinary unknown field: the field rules refuse it by name.
    expect(findUnacceptableShape({ constructor: 1 })).toEqual([]);
  });
});
