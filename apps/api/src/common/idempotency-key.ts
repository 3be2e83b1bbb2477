import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { validationFailed } from '../../../../libs/domain';

const KEY_PATTERN = '^[A-Za-z0-9._:-]{8,128}$';
const KEY = new RegExp(KEY_PATTERN);

/** The header as the OpenAPI document declares it on every operation that reads it. */
export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'The same key twice gives one result (8 to 128 characters of A-Z a-z 0-9 . _ : -)',
  schema: { type: 'string', pattern: KEY_PATTERN },
} as const;

/** The optional Idempotency-Key header: 8 to 128 characters of letters, digits and . _ : - */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<Request>().header('idempotency-key');
  if (value === undefined) return undefined;
  if (!KEY.test(value)) {
    throw validationFailed([
      { field: 'Idempotency-Key', rule: 'format', message: 'Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 . _ : -' },
    ]);
  }
  return value;
});
