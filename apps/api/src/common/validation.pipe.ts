import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { findUnstorableText, validationFailed, type FieldViolation } from '../../../../libs/domain';
import { findUnacceptableShape } from './input-shape';

/** Flattens nested class-validator errors into `field.path` + rule + message. */
export function toFieldViolations(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'forbidden' : rule,
      message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return [...own, ...toFieldViolations(error.children ?? [], field)];
  });
}

const BUILT_IN_TYPES: ReadonlySet<unknown> = new Set([String, Boolean, Number, Array, Object]);
const CHECKED_SOURCES: ReadonlySet<ArgumentMetadata['type']> = new Set(['body', 'query', 'param']);

/** A DTO class (not a primitive or `object`): its body must be a JSON object for the field rules to mean anything. */
function isDtoClass(metatype: ArgumentMetadata['metatype']): boolean {
  return typeof metatype === 'function' && !BUILT_IN_TYPES.has(metatype);
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The global pipe. Before the field rules: a body declared as a DTO must be a JSON object (an empty body,
 * `[]`, `"text"` or `null` is a 400 with rule `json-object`, never an action taken with no fields), nothing
 * may be nested deeper than MAX_INPUT_DEPTH nor have a key `__proto__` (input-shape.ts), and no
 * string anywhere in a body, query or path parameter may hold what PostgreSQL cannot store (U+0000, lone
 * surrogates: rule `no-nul-character` / `no-lone-surrogate`). Then the field rules: unknown fields are
 * refused (not silently dropped), values are converted to their declared types, and every violation is
 * reported with its field and rule.
 */
export class PassageValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => validationFailed(toFieldViolations(errors), 'The request is not valid.'),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && isDtoClass(metadata.metatype) && !isJsonObject(value)) {
      throw validationFailed(
        [{ field: 'body', rule: 'json-object', message: 'The request body must be a JSON object (Content-Type application/json).' }],
        value === undefined ? 'The request needs a JSON object body.' : 'The request body must be a JSON object.',
      );
    }
    if (CHECKED_SOURCES.has(metadata.type)) {
      const shape = findUnacceptableShape(value, metadata.data ?? '');
      if (shape.length > 0) throw validationFailed(shape, 'The request is not valid.');
      const violations = findUnstorableText(value, metadata.data ?? '');
      if (violations.length > 0) throw validationFailed(violations, 'The request contains text that cannot be stored.');
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new PassageValidationPipe();
}
