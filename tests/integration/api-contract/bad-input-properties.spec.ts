/**
 * Property-based bad input (fast-check): every POST, PUT and PATCH operation of the OpenAPI document gets
 * PASSAGE_FUZZ_RUNS (500) generated bodies, sent as a caller allowed to use it, on a real object. Each body
 * is a known-valid body broken in at least one field, read off the operation's schema in the document: a
 * required field dropped, a field of the wrong JSON type (numbers at the extremes, deep nesting, arrays for
 * objects), text the field's rules refuse (too long, not in its enum or pattern, NUL, a lone surrogate),
 * an unknown field (`__proto__` and `constructor` among them), or no JSON object at all; with, on top,
 * injection strings and unusual Unicode in the free-text fields (which must not matter). Every answer must
 * be a 400 problem naming a field the body broke (413 when it grew past the limit), never a 5xx, and the
 * whole batch changes no row this file owns. The two operations without a body ignore one: they answer
 * what they answer without it (or 400 for a body that is not JSON), and change nothing either.
 *
 * Everything lives at 义宁镇/白岭镇 (修水县 360424…), offices no other file uses, with staff created here;
 * no worker runs (nothing here may get as far as a workflow), so the objects stay where beforeAll left them.
 * `PASSAGE_FUZZ_SEED` replays a run (the seed is printed), `PASSAGE_FUZZ_RUNS` changes the number of bodies.
 */
import fc from 'fast-check';
import type { Response } from 'supertest';
import { authed, type AuthedClient, type ProblemBody } from '../../support/http';
import { useTestStackOnOwnDatabase } from '../../support/test-app';
import { CASES, expectStatus, withCheckCharacter } from '../certificate-applications/case-helpers';
import { insertNotification } from '../notifications/notification-helpers';

const API = '/api/v1';
const RUNS = Number(process.env.PASSAGE_FUZZ_RUNS ?? 500);
const SEED = Number(process.env.PASSAGE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REGISTRATION = '360424100'; // 义宁镇
const RESIDENCE = '360424101'; // 白岭镇
const COUNTY = '360424'; // 修水县
const OFFICE_CODE = /^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/;
const IDENTITY_NUMBER = /^[0-9]{17}[0-9Xx]$/;

const STAFF = {
  caseworker: { username: 'it-fuzz.yining.caseworker', role: 'caseworker', officeCode: REGISTRATION },
  approver: { username: 'it-fuzz.yining.approver', role: 'approver', officeCode: REGISTRATION },
  admin: { username: 'it-fuzz.yining.admin', role: 'office-admin', officeCode: REGISTRATION },
  residence: { username: 'it-fuzz.bailing.caseworker', role: 'caseworker', officeCode: RESIDENCE },
  manager: { username: 'it-fuzz.xiushui.manager', role: 'manager', officeCode: COUNTY },
} as const;
type Caller = keyof typeof STAFF | 'anonymous';

/** A person of 义宁镇 (male, born 1985-04-1n), distinct per `n`. */
const person = (n: number): string => withCheckCharacter(`3604241985041${n}${String(100 + n).padStart(3, '0')}`.slice(0, 17));

interface Targets {
  caseId: string;
  reportId: string;
  fileId: string;
  notificationId: string;
  caseworkerId: string;
  userIds: string[];
}

interface Operation {
  op: string;
  as: Caller;
  url: (t: Targets) => string;
  /** A body the operation takes (its schema is the document's); absent: the operation takes none. */
  valid?: (t: Targets) => Record<string, unknown>;
  /** Fields whose rules the document does not spell out (the api checks them further in). */
  rules?: Record<string, FieldRule>;
}

/** What the document says of one field (the part used here). */
interface Schema {
  type?: string;
  $ref?: string;
  enum?: string[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}
/** A field's rule beyond the document: every valid value matches it. */
type FieldRule = { matches: RegExp } | { integer: true };

interface Field {
  path: string[];
  schema: Schema;
  required: boolean;
  rule?: FieldRule;
}

/** A change to a valid body; `path` is the field it breaks (for the check that the problem names it). */
interface Mutation {
  path: string;
  apply(body: Record<string, unknown>): void;
}

// --- values -------------------------------------------------------------------------------------------

const INJECTIONS = [
  "'; DROP TABLE certificate_application; --",
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  '%s%s%s%n',
  '../../../../etc/passwd',
  '$where',
  '\\u0000',
  'null',
  'undefined',
  '😀👩‍👩‍👧‍👦 𝕏',
  '\u202eevil\u202c',
  'ｆｕｌｌｗｉｄｔｈ',
  '\ufeffBOM',
  'e\u0301\u0301\u0301',
];
/** Text PostgreSQL stores (no NUL, no lone surrogate): what a free-text field takes. */
const storableText = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .oneof(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }))
    .map((s) => s.replace(/\u0000/g, '').replace(/[\uD800-\uDFFF]/g, '') || 'x')
    .map((s) => s.slice(0, maxLength));
const nulText = fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}\u0000${b}`);
const loneSurrogate = fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF'), fc.string({ maxLength: 10 })).map(([a, s, b]) => `${a}${s}x${b}`);
/**
 * Deep nesting, written into the JSON text after JSON.stringify (which cannot itself go that deep): an array
 * or an object nested `depth` levels, invalid wherever it stands (no field takes one).
 */
class Deep {
  constructor(
    readonly kind: 'array' | 'object',
    readonly depth: number,
  ) {}
  toJSON(): string {
    return `__DEEP_${this.kind}_${this.depth}__`;
  }
}
const expandDeep = (text: string): string =>
  text.replace(/"__DEEP_(array|object)_(\d+)__"/g, (_, kind: string, depth: string) =>
    kind === 'array' ? `${'['.repeat(Number(depth))}${']'.repeat(Number(depth))}` : `${'{"a":'.repeat(Number(depth))}1${'}'.repeat(Number(depth))}`,
  );
const deepArray = fc.integer({ min: 50, max: 30_000 }).map((depth) => new Deep('array', depth));
const deepObject = fc.integer({ min: 50, max: 12_000 }).map((depth) => new Deep('object', depth));
const extremeNumber = fc.oneof(
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 63, 5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deepArray },
  { weight: 1, arbitrary: deepObject },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) },
);
/** Keys the DTOs do not have; the ones with special meaning to JavaScript or to a query builder first. */
const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '$where', '$gt', 'id', 'state', 'role', 'officeCode', 'createdByUserId', 'actor'];

function isParsable(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch (error) {
    // Deeper than this process's JSON.parse goes: well-formed all the same (it is ours).
    return error instanceof RangeError;
  }
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// --- the schema ---------------------------------------------------------------------------------------

function resolve(schema: Schema, components: Record<string, Schema>): Schema {
  return schema.$ref ? components[schema.$ref.split('/').pop()!]! : schema;
}

/** Every field of a body schema, nested objects' too. */
function fieldsOf(schema: Schema, components: Record<string, Schema>, rules: Record<string, FieldRule>, prefix: string[] = []): Field[] {
  const object = resolve(schema, components);
  return Object.entries(object.properties ?? {}).flatMap(([name, raw]) => {
    const path = [...prefix, name];
    const field = resolve(raw, components);
    const rule = rules[path.join('.')];
    const own: Field = { path, schema: field, required: (object.required ?? []).includes(name), ...(rule ? { rule } : {}) };
    return field.properties ? [own, ...fieldsOf(field, components, rules, path)] : [own];
  });
}

function objectPaths(fields: Field[]): string[][] {
  return [[], ...fields.filter((f) => f.schema.properties).map((f) => f.path)];
}

// --- mutations ----------------------------------------------------------------------------------------

function parentOf(body: Record<string, unknown>, path: string[]): Record<string, unknown> | undefined {
  let current: unknown = body;
  for (const key of path.slice(0, -1)) {
    if (!isJsonObject(current) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = current[key];
  }
  return isJsonObject(current) ? current : undefined;
}

const setField = (path: string[], value: () => unknown): Mutation => ({
  path: path.join('.'),
  apply(body) {
    const parent = parentOf(body, path);
    if (parent) Object.defineProperty(parent, path[path.length - 1]!, { value: value(), enumerable: true, writable: true, configurable: true });
  },
});

/** Values of another JSON type than the field's (never null where the field is nullable). */
function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const type = schema.properties ? 'object' : schema.type;
  const candidates: Array<fc.Arbitrary<unknown>> = [fc.constant(true), fc.constant(false), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }), deepArray, deepObject, extremeNumber, fc.integer()];
  if (!schema.nullable) candidates.push(fc.constant(null));
  if (type !== 'string') candidates.push(fc.constantFrom(...INJECTIONS), fc.constantFrom('', 'abc', 'true', '1e3 apples'));
  const wrong = (value: unknown): boolean => {
    if (type === 'string') return typeof value !== 'string';
    if (type === 'integer' || type === 'number') return typeof value !== 'number';
    if (type === 'boolean') return typeof value !== 'boolean';
    if (type === 'array') return !Array.isArray(value);
    return !isJsonObject(value) || Object.keys(value).length > 0; // an object: anything else (a non-empty dict has unknown keys)
  };
  return fc.oneof(...candidates).filter(wrong);
}

/** Values of the field's own type that its rules refuse. */
function refusedValue(field: Field): fc.Arbitrary<unknown> | undefined {
  const { schema, rule } = field;
  const options: Array<fc.Arbitrary<unknown>> = [];
  if (schema.type === 'string') {
    options.push(nulText, loneSurrogate);
    if (schema.maxLength !== undefined) {
      const max = schema.maxLength;
      options.push(fc.integer({ min: max + 1, max: max + 200 }).map((n) => 'x'.repeat(n)));
      options.push(fc.integer({ min: 70_000, max: 90_000 }).map((n) => '长'.repeat(n))); // past the body limit: 413
    }
    if ((schema.minLength ?? 0) >= 1) options.push(fc.constant(''));
    const matches = rule && 'matches' in rule ? rule.matches : schema.pattern ? new RegExp(schema.pattern) : undefined;
    const refuses = (s: string): boolean =>
      (schema.enum !== undefined && !schema.enum.includes(s)) ||
      (matches !== undefined && !matches.test(s)) ||
      (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(s)) ||
      (schema.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(s));
    if (schema.enum || matches || schema.format === 'date' || schema.format === 'uuid') {
      options.push(fc.oneof(fc.constantFrom(...INJECTIONS, '2025-02-30', 'MALE', ' married', '360102002 '), fc.string({ maxLength: 30 })).filter(refuses));
    }
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    if (schema.maximum !== undefined) options.push(fc.oneof(fc.integer({ min: schema.maximum + 1, max: schema.maximum + 1000 }), fc.constant(1e308)));
    if (schema.minimum !== undefined) options.push(fc.oneof(fc.integer({ min: schema.minimum - 1000, max: schema.minimum - 1 }), fc.constant(-1e308)));
    if (schema.type === 'integer' || (rule && 'integer' in rule)) {
      const lo = schema.minimum ?? 0;
      options.push(fc.constantFrom(lo + 0.5, lo + 1e-9));
    }
  }
  if (schema.type === 'array') {
    const item: fc.Arbitrary<unknown> = schema.items?.type === 'string' ? fc.string({ minLength: 1, maxLength: 10 }) : fc.integer();
    if (schema.maxItems !== undefined) options.push(fc.array(item, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 5 }));
    if ((schema.minItems ?? 0) >= 1) options.push(fc.constant([]));
    if (schema.items?.type === 'string') {
      options.push(fc.tuple(fc.array(item, { maxLength: 2 }), fc.oneof(nulText, loneSurrogate, wrongType(schema.items))).map(([ok, bad]) => [...ok, bad]));
    }
  }
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

/** One change that certainly makes the body invalid. */
function breaking(fields: Field[]): fc.Arbitrary<Mutation> {
  const drops = fields.filter((f) => f.required && parentRequired(fields, f));
  const extraKey = (known: Set<string>) =>
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NASTY_KEYS) }, { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) }, { weight: 1, arbitrary: fc.oneof(nulText, loneSurrogate) }).filter((k) => !known.has(k));
  const options: Array<fc.Arbitrary<Mutation>> = [
    ...fields.map((f) => wrongType(f.schema).map((value) => setField(f.path, () => value))),
    ...fields.flatMap((f) => {
      const refused = refusedValue(f);
      return refused ? [refused.map((value) => setField(f.path, () => value))] : [];
    }),
    ...objectPaths(fields).map((parent) => {
      const known = new Set(fields.filter((f) => f.path.length === parent.length + 1 && f.path.slice(0, -1).join('.') === parent.join('.')).map((f) => f.path[f.path.length - 1]!));
      return fc.tuple(extraKey(known), anyJson).map(([key, value]) => setField([...parent, key], () => value));
    }),
  ];
  if (drops.length > 0) {
    options.push(
      fc.constantFrom(...drops).map((f) => ({
        path: f.path.join('.'),
        apply(body: Record<string, unknown>) {
          const parent = parentOf(body, f.path);
          if (parent) delete parent[f.path[f.path.length - 1]!];
        },
      })),
    );
  }
  return fc.oneof(...options);
}

/** A required field of a nested object is only required while that object is (it always is here). */
function parentRequired(fields: Field[], field: Field): boolean {
  if (field.path.length === 1) return true;
  return fields.find((f) => f.path.join('.') === field.path.slice(0, -1).join('.'))?.required ?? false;
}

/** A change that must not matter: unusual but storable text in a free-text field. */
function harmless(fields: Field[]): fc.Arbitrary<Mutation> | undefined {
  const free = fields.filter((f) => f.schema.type === 'string' && !f.schema.enum && !f.schema.pattern && !f.schema.format && !f.rule && (f.schema.minLength ?? 0) <= 1);
  if (free.length === 0) return undefined;
  return fc.oneof(...free.map((f) => storableText(f.schema.maxLength ?? 64).map((text) => setField(f.path, () => text))));
}

/** A generated request body: the raw JSON text sent, and the fields it breaks ('body' for the whole). */
interface Generated {
  text: string;
  broken: string[];
}

/** How fast-check prints a counterexample: deep nesting shortened, so a failure stays readable. */
function generated(text: string, broken: string[]): Generated {
  return {
    text,
    broken,
    [fc.toStringMethod]: () => `${JSON.stringify(shorten(text))} (${text.length} characters; breaks ${broken.join(', ')})`,
  } as Generated;
}
const shorten = (text: string): string => text.replace(/(\[{8})\[+/g, '$1…').replace(/(\]{8})\]+/g, '$1…').replace(/(\{"a":){4}(\{"a":)+/g, '{"a":{"a":…').replace(/\}{8,}/g, '}}…').slice(0, 600);

function bodies(valid: Record<string, unknown>, fields: Field[]): fc.Arbitrary<Generated> {
  const noise = harmless(fields);
  const fieldLevel = fc
    .tuple(fc.array(breaking(fields), { minLength: 1, maxLength: 3 }), noise ? fc.array(noise, { maxLength: 2 }) : fc.constant([]))
    .map(([breaks, harmlessOnes]) => {
      const body = structuredClone(valid);
      for (const m of harmlessOnes) m.apply(body);
      for (const m of breaks) m.apply(body);
      return generated(expandDeep(JSON.stringify(body)), breaks.map((m) => m.path));
    });
  const notAnObject = fc
    .oneof(
      fc.constant([valid]),
      fc.constant([]),
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
      deepArray,
      fc.constantFrom(...INJECTIONS),
      extremeNumber,
      fc.constantFrom(null, true, false, 0),
    )
    .map((value) => generated(expandDeep(JSON.stringify(value)), ['body']));
  return fc.oneof({ weight: 9, arbitrary: fieldLevel }, { weight: 1, arbitrary: notAnObject });
}

/** Some field the problem names is one the body broke (or inside it, or around it; an unstorable key is named `<key n>`). */
function namesBrokenField(named: string[], broken: string[]): boolean {
  return named.some((f) =>
    broken.some((p) => f === p || f.startsWith(`${p}.`) || f.startsWith(`${p}[`) || p.startsWith(`${f}.`) || p.startsWith(`${f}[`) || (f.includes('<key ') && p.startsWith(f.slice(0, f.indexOf('<key '))))),
  );
}

// --- the operations -----------------------------------------------------------------------------------

const applicant = {
  fullName: '测试人',
  identityNumber: person(1),
  sex: 'male',
  dateOfBirth: '1985-04-11',
  householdOfficeCode: REGISTRATION,
  maritalStatus: 'married',
  marriageDate: '2012-05-20',
  spouseName: '配偶',
  spouseIdentityNumber: '11010519491231002X',
  numberOfChildren: 1,
};
const reason = () => ({ reason: 'a reason' });
const OPERATIONS: Operation[] = [
  { op: 'POST /api/v1/auth/dev-login', as: 'anonymous', url: () => `${API}/auth/dev-login`, valid: () => ({ username: STAFF.caseworker.username }) },
  {
    op: 'PATCH /api/v1/offices/{code}/settings',
    as: 'admin',
    url: () => `${API}/offices/${REGISTRATION}/settings`,
    valid: () => ({ certificateDeadlineWorkingDays: 20, applicantResponseWorkingDays: 20, certificateValidityYears: 3, selfDeclarationAllowed: false, dailyDigestEnabled: true }),
  },
  { op: 'PUT /api/v1/working-calendar/{date}', as: 'admin', url: () => `${API}/working-calendar/2026-08-08`, valid: () => ({ kind: 'holiday', name: 'it-fuzz', reason: 'it-fuzz' }) },
  {
    op: 'POST /api/v1/certificate-applications',
    as: 'caseworker',
    url: () => CASES,
    valid: () => ({ applicant, destinationOfficeCode: RESIDENCE, selfDeclared: false }),
  },
  { op: 'POST /api/v1/certificate-applications/{id}/review', as: 'caseworker', url: (t) => `${CASES}/${t.caseId}/review`, valid: () => ({ note: 'checked' }) },
  {
    op: 'POST /api/v1/certificate-applications/{id}/request-information',
    as: 'caseworker',
    url: (t) => `${CASES}/${t.caseId}/request-information`,
    valid: () => ({ missing: ['marriage-certificate-copy', 'photo'], note: 'bring both' }),
  },
  { op: 'POST /api/v1/certificate-applications/{id}/supply-information', as: 'caseworker', url: (t) => `${CASES}/${t.caseId}/supply-information`, valid: () => ({ note: 'received' }) },
  { op: 'POST /api/v1/certificate-applications/{id}/approve', as: 'approver', url: (t) => `${CASES}/${t.caseId}/approve`, valid: () => ({ note: 'approved' }) },
  { op: 'POST /api/v1/certificate-applications/{id}/reject', as: 'approver', url: (t) => `${CASES}/${t.caseId}/reject`, valid: reason },
  { op: 'POST /api/v1/certificate-applications/{id}/withdraw', as: 'caseworker', url: (t) => `${CASES}/${t.caseId}/withdraw`, valid: reason },
  // No certificate is issued here (no worker): a body the api took would meet 404, which fails as surely as a 2xx.
  { op: 'POST /api/v1/certificates/{number}/renew', as: 'approver', url: () => `${API}/certificates/${REGISTRATION}-2026-999999/renew`, valid: reason },
  { op: 'POST /api/v1/certificates/{number}/replace', as: 'approver', url: () => `${API}/certificates/${REGISTRATION}-2026-999999/replace`, valid: reason },
  { op: 'POST /api/v1/certificates/{number}/revoke', as: 'approver', url: () => `${API}/certificates/${REGISTRATION}-2026-999999/revoke`, valid: reason },
  { op: 'POST /api/v1/notifications/{id}/read', as: 'admin', url: (t) => `${API}/notifications/${t.notificationId}/read` },
  { op: 'POST /api/v1/notifications/{id}/redeliver', as: 'admin', url: (t) => `${API}/notifications/${t.notificationId}/redeliver` },
  { op: 'PUT /api/v1/offices/{code}/webhook', as: 'admin', url: () => `${API}/offices/${REGISTRATION}/webhook`, valid: () => ({ url: 'http://127.0.0.1:9/it-fuzz' }) },
  {
    op: 'POST /api/v1/service-reports',
    as: 'residence',
    url: () => `${API}/service-reports`,
    valid: () => ({ personIdentityNumber: person(1), serviceType: 'counselling', serviceDate: '2026-01-05', outcome: 'completed', note: 'n' }),
    rules: { personIdentityNumber: { matches: IDENTITY_NUMBER } },
  },
  { op: 'POST /api/v1/service-reports/{id}/acknowledge', as: 'caseworker', url: (t) => `${API}/service-reports/${t.reportId}/acknowledge`, valid: () => ({ note: 'seen' }) },
  {
    op: 'POST /api/v1/service-reports/{id}/contest',
    as: 'caseworker',
    url: (t) => `${API}/service-reports/${t.reportId}/contest`,
    valid: () => ({ reason: 'wrong-person', evidenceNote: 'register entry 3' }),
  },
  { op: 'POST /api/v1/service-reports/{id}/uphold-contest', as: 'manager', url: (t) => `${API}/service-reports/${t.reportId}/uphold-contest`, valid: reason },
  { op: 'POST /api/v1/service-reports/{id}/dismiss-contest', as: 'manager', url: (t) => `${API}/service-reports/${t.reportId}/dismiss-contest`, valid: reason },
  {
    op: 'POST /api/v1/service-reports/{id}/correct',
    as: 'residence',
    url: (t) => `${API}/service-reports/${t.reportId}/correct`,
    valid: () => ({ reason: 'typo', serviceType: 'free-health-check', serviceDate: '2026-01-06', outcome: 'referred', note: 'n' }),
  },
  { op: 'POST /api/v1/service-reports/{id}/withdraw', as: 'residence', url: (t) => `${API}/service-reports/${t.reportId}/withdraw`, valid: reason },
  {
    op: 'PUT /api/v1/cooperation-agreements/{officeCodeA}/{officeCodeB}',
    as: 'admin',
    url: () => `${API}/cooperation-agreements/${REGISTRATION}/${RESIDENCE}`,
    valid: () => ({ acknowledgementWorkingDays: 10, feedbackIntervalMonths: 6, arbitratorOfficeCode: COUNTY }),
    // The document says `number` and a free string; the api takes whole days and months, and office codes.
    rules: { acknowledgementWorkingDays: { integer: true }, feedbackIntervalMonths: { integer: true }, arbitratorOfficeCode: { matches: OFFICE_CODE } },
  },
  {
    op: 'POST /api/v1/residence-registrations',
    as: 'residence',
    url: () => `${API}/residence-registrations`,
    valid: () => ({ verification: 'self-declaration', identityNumber: person(3), fullName: '新来的', householdOfficeCode: REGISTRATION, arrivedOn: '2026-11-01' }),
  },
  { op: 'POST /api/v1/residence-registrations/{id}/feedback', as: 'residence', url: (t) => `${API}/residence-registrations/${t.fileId}/feedback`, valid: () => ({ situation: 'changed', note: 'moved flat' }) },
  { op: 'POST /api/v1/residence-registrations/{id}/transfer', as: 'residence', url: (t) => `${API}/residence-registrations/${t.fileId}/transfer`, valid: () => ({ toOfficeCode: '360403001', note: 'moved' }) },
  { op: 'POST /api/v1/residence-registrations/{id}/depart', as: 'residence', url: (t) => `${API}/residence-registrations/${t.fileId}/depart`, valid: () => ({ note: 'left' }) },
  { op: 'POST /api/v1/residence-registrations/{id}/return', as: 'residence', url: (t) => `${API}/residence-registrations/${t.fileId}/return`, valid: () => ({ note: 'home' }) },
  ...['retry', 'cancel', 'nudge', 'escalate'].map(
    (action): Operation => ({
      op: `POST /api/v1/monitoring/cases/{caseType}/{caseId}/${action}`,
      as: 'manager',
      url: (t) => `${API}/monitoring/cases/certificate-application/${t.caseId}/${action}`,
      valid: reason,
    }),
  ),
  {
    op: 'POST /api/v1/monitoring/cases/{caseType}/{caseId}/reassign',
    as: 'manager',
    url: (t) => `${API}/monitoring/cases/certificate-application/${t.caseId}/reassign`,
    valid: (t) => ({ assigneeUserId: t.caseworkerId, reason: 'cover' }),
  },
];

describe('bad input, generated (fast-check)', () => {
  // On a database of its own: 17,000 requests, each audited: on the shared database they would queue on the audit chain with every other file.
  const stack = useTestStackOnOwnDatabase('passage_it_fuzz', { worker: false, listen: true });
  const clients = new Map<Caller, AuthedClient>();
  let targets: Targets;
  let components: Record<string, Schema>;
  let requestBodies: Map<string, Schema | undefined>;

  /** Every row this file's objects and staff own, as one value: equal before and after means nothing changed. */
  const OWNED = [
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM certificate_application t WHERE t.office_code LIKE '${COUNTY}%' OR t.created_by_user_id = ANY(:users)`,
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM case_action t WHERE t.case_id = ANY(:cases) OR t.actor_user_id = ANY(:users)`,
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM service_report t WHERE t.filing_office_code LIKE '${COUNTY}%' OR t.registration_office_code LIKE '${COUNTY}%'`,
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM residence_registration t WHERE t.residence_office_code LIKE '${COUNTY}%' OR t.registration_office_code LIKE '${COUNTY}%'`,
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM certificate t WHERE t.office_code LIKE '${COUNTY}%'`,
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM notification t WHERE t.recipient_office_code LIKE '${COUNTY}%' OR t.case_id = ANY(:cases)`,
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM person t WHERE t.household_office_code LIKE '${COUNTY}%'`,
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.code), '')) FROM office t WHERE t.code LIKE '${COUNTY}%'`,
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.office_code), '')) FROM office_webhook t WHERE t.office_code LIKE '${COUNTY}%'`,
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.office_code_a), '')) FROM cooperation_agreement t WHERE t.office_code_a LIKE '${COUNTY}%' OR t.office_code_b LIKE '${COUNTY}%'`,
    // The calendar is the country's, and other files change days of it meanwhile: the day this file writes.
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.date), '')) FROM working_calendar_day t WHERE t.date = '2026-08-08'`,
    `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM app_user t WHERE t.office_code LIKE '${COUNTY}%'`,
  ];
  async function owned(): Promise<string[]> {
    const caseIds = [targets.caseId, targets.reportId, targets.fileId];
    const values: string[] = [];
    const uuids = (ids: string[]): string => `'{${ids.filter((id) => /^[0-9a-f-]{36}$/.test(id)).join(',')}}'::uuid[]`;
    for (const sql of OWNED) {
      const query = sql.replace(/:users/g, uuids(targets.userIds)).replace(/:cases/g, uuids(caseIds));
      values.push(((await stack().db.query(query)) as Array<{ md5: string }>)[0]!.md5);
    }
    return values;
  }

  beforeAll(async () => {
    for (const user of Object.values(STAFF)) {
      await stack().db.query(`INSERT INTO app_user (username, display_name, role, office_code) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING`, [
        user.username,
        `Fuzz ${user.role}`,
        user.role,
        user.officeCode,
      ]);
    }
    for (const [caller, user] of Object.entries(STAFF) as Array<[Caller, (typeof STAFF)[keyof typeof STAFF]]>) {
      clients.set(caller, authed(stack(), await stack().loginAs(user.username)));
    }
    const ids = (await stack().db.query(`SELECT id, username FROM app_user WHERE office_code LIKE '${COUNTY}%'`)) as Array<{ id: string; username: string }>;
    const caseworkerId = ids.find((u) => u.username === STAFF.caseworker.username)!.id;

    // The objects the actions are sent to, in their opening states (no worker moves them on).
    const opened = expectStatus(await clients.get('caseworker')!.post(CASES).send({ applicant }), 201).body as { id: string };
    const report = expectStatus(
      await clients.get('residence')!.post(`${API}/service-reports`).send({ personIdentityNumber: person(1), serviceType: 'counselling', serviceDate: '2026-01-05', outcome: 'completed' }),
      201,
    ).body as { id: string };
    const file = expectStatus(
      await clients
        .get('residence')!
        .post(`${API}/residence-registrations`)
        .send({ verification: 'self-declaration', identityNumber: person(2), fullName: '住户', householdOfficeCode: REGISTRATION, arrivedOn: '2026-10-01' }),
      201,
    ).body as { id: string };
    const notificationId = await insertNotification(stack().db, { recipientOfficeCode: REGISTRATION, createdAt: new Date(), label: 'fuzz', kind: 'arrival-registered' });
    // Read once: reading again keeps the first reading time, so the fuzzed reads change nothing.
    expectStatus(await clients.get('admin')!.post(`${API}/notifications/${notificationId}/read`), 200);
    targets = { caseId: opened.id, reportId: report.id, fileId: file.id, notificationId, caseworkerId, userIds: ids.map((u) => u.id) };

    const document = (await stack().http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
      components: { schemas: Record<string, Schema> };
    };
    components = document.components.schemas;
    requestBodies = new Map(
      Object.entries(document.paths).flatMap(([path, item]) =>
        (['post', 'put', 'patch'] as const).filter((m) => item[m]).map((m) => [`${m.toUpperCase()} ${path}`, item[m]!.requestBody?.content['application/json']?.schema] as const),
      ),
    );
    process.stderr.write(`[bad input] ${RUNS} bodies per operation, seed ${SEED} (PASSAGE_FUZZ_SEED=${SEED} replays it)\n`);
  }, 120_000);

  it('has an entry for every POST, PUT and PATCH operation of the document, with a body exactly where the document has one', () => {
    const listed = OPERATIONS.map((o) => o.op);
    expect({ missing: [...requestBodies.keys()].filter((op) => !listed.includes(op)), unknown: listed.filter((op) => !requestBodies.has(op)) }).toEqual({ missing: [], unknown: [] });
    expect(OPERATIONS.filter((o) => (o.valid !== undefined) !== (requestBodies.get(o.op) !== undefined)).map((o) => o.op)).toEqual([]);
  });

  const send = (operation: Operation, text: string | undefined): Promise<Response> => {
    const url = operation.url(targets);
    const [method] = operation.op.split(' ') as [string];
    const verb = method.toLowerCase() as 'post' | 'put' | 'patch';
    const client = clients.get(operation.as);
    // One connection per request: the api closes one after a 413 without reading the body. Bounded: a
    // request the api never answers fails its body's run instead of the whole file's time.
    const request = (client ? client[verb](url) : stack().http[verb](url)).timeout({ response: 20_000, deadline: 30_000 });
    return text === undefined ? request : request.set('Content-Type', 'application/json').send(text);
  };

  function expectRefusal(response: Response, generated: Generated): void {
    const context = `${response.status} ${response.text.slice(0, 500)}`;
    if (response.status !== 400 && response.status !== 413) throw new Error(`expected 400 (or 413), got ${context}`);
    if (!/^application\/problem\+json\b/.test(String(response.headers['content-type']))) throw new Error(`not problem+json: ${context}`);
    const problem = JSON.parse(response.text) as ProblemBody;
    if (problem.status !== response.status || typeof problem.type !== 'string' || typeof problem.title !== 'string') throw new Error(`not a problem: ${context}`);
    if (response.status === 413) {
      if (Buffer.byteLength(generated.text) <= stack().config.HTTP_BODY_LIMIT_BYTES) throw new Error(`413 for a body under the limit: ${context}`);
      return;
    }
    if (problem.code !== 'VALIDATION_FAILED') throw new Error(`400 without VALIDATION_FAILED: ${context}`);
    const named = (problem.errors ?? []).map((e) => e.field);
    if (named.length === 0 || !(problem.errors ?? []).every((e) => typeof e.field === 'string' && e.field.length > 0 && typeof e.rule === 'string')) {
      throw new Error(`400 naming no field: ${context}`);
    }
    if (!namesBrokenField(named, generated.broken)) throw new Error(`400 names ${JSON.stringify(named)}, the body broke ${JSON.stringify(generated.broken)}: ${context}`);
  }

  // PASSAGE_FUZZ_ONLY=<part of an operation> runs those operations only (to replay one with its seed).
  for (const operation of OPERATIONS.filter((o) => o.op.includes(process.env.PASSAGE_FUZZ_ONLY ?? ''))) {
    it(`${operation.op}: ${RUNS} bad bodies, each a 400 naming what it broke, none changing anything`, async () => {
      const started = performance.now();
      const before = await owned();
      const schema = requestBodies.get(operation.op);
      if (operation.valid && schema) {
        const valid = operation.valid(targets);
        const fields = fieldsOf(schema, components, operation.rules ?? {});
        await fc.assert(
          fc.asyncProperty(bodies(valid, fields), async (generated) => {
            expectRefusal(await send(operation, generated.text), generated);
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      } else {
        // No body in the document: a JSON body is ignored (the answer is the one without it); one that is not JSON is a 400.
        const expected = (await send(operation, undefined)).status;
        expect(expected).toBeLessThan(500);
        await fc.assert(
          fc.asyncProperty(
            fc
              .oneof(
                anyJson.map((v) => expandDeep(JSON.stringify(v))),
                fc.dictionary(fc.constantFrom(...NASTY_KEYS), anyJson).map((v) => expandDeep(JSON.stringify(v))),
                fc.constantFrom('{', '[1,', 'nul', '{"a":"\\ud800"}', '{"a":"\\u0000"}'),
              )
              .map((text) => generated(text, ['body'])),
            async ({ text }) => {
              const response = await send(operation, text);
              // body-parser (strict) reads objects and arrays only: anything else is a 400 json-syntax; past the limit, 413.
              const readable = /^\s*[[{]/.test(text) && isParsable(text);
              const expectedNow = Buffer.byteLength(text) > stack().config.HTTP_BODY_LIMIT_BYTES ? 413 : readable ? expected : 400;
              if (response.status !== expectedNow) throw new Error(`expected ${expectedNow}, got ${response.status} ${response.text.slice(0, 300)}`);
            },
          ),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      }
      expect(await owned()).toEqual(before);
      if (process.env.PASSAGE_IT_QUIET !== '1') process.stderr.write(`[bad input] ${operation.op}: ${Math.round(performance.now() - started)} ms\n`);
    }, 300_000);
  }
});
