/**
 * What no request may hold whatever its fields: nesting past MAX_INPUT_DEPTH (30 000 nested arrays in a note
 * were a 500: the recursive walks after it ran out of stack) and keys every object inherits (`__proto__`
 * became the DTO's prototype; `constructor`, `toString`… passed the unknown-field check, dev-login took
 * one). Found by the property-based bad-input test (tests/integration/api-contract/bad-input-properties.spec.ts).
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

  it('refuses __proto__, constructor and the other inherited names as keys wherever they are, and names them', () => {
    expect(findUnacceptableShape(JSON.parse('{"__proto__": {"note": 5}}'))).toEqual([{ field: '__proto__', rule: 'forbidden', message: expect.any(String) }]);
    expect(findUnacceptableShape(JSON.parse('{"applicant": {"__proto__": 1}, "missing": [{"__proto__": 2}]}')).map((v) => v.field).sort()).toEqual([
      'applicant.__proto__',
      'missing[0].__proto__',
    ]);
    // The other names every object inherits: class-validator's unknown-field check always found them.
    for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      expect(findUnacceptableShape(JSON.parse(`{"note": "x", "${key}": [1]}`))).toEqual([{ field: key, rule: 'forbidden', message: expect.any(String) }]);
    }
    expect(findUnacceptableShape({ prototype: 1, id: 2, state: 3 })).toEqual([]);
  });
});
