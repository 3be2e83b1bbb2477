import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { ActingUser } from '../../../../libs/domain';

/** The authenticated member of staff a request acts as; set by the AuthGuard. */
export type AuthenticatedRequest = Request & { actor?: ActingUser };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): ActingUser => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

export const IS_PUBLIC = 'passage:isPublic';
/** Marks a route that needs no bearer token (health, docs, dev login, public certificate verification). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
