import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { ExternalUser } from '../../../../libs/db';
import { DomainError } from '../../../../libs/domain';
import { IdpTokens } from './oidc/idp-tokens.service';
import { isIdpAlgorithm, peekJwtHeader } from './oidc/verify-jwt';

/** A verified bearer token: a Passage user by id (its own HS256 tokens) or a user the identity provider vouches for. */
export type VerifiedToken =
  | { kind: 'passage'; userId: string; rateKey: string }
  | { kind: 'idp'; identity: ExternalUser; rateKey: string };

/**
 * Reads the Authorization header and verifies its token by its algorithm: HS256 with JWT_SECRET (dev login
 * and Passage's own tokens), RS256/ES256 with the identity provider's keys when one is configured. Any
 * other algorithm, `none` included, is refused.
 */
@Injectable()
export class BearerTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(IdpTokens) private readonly idp: IdpTokens,
  ) {}

  async verify(header: string | undefined): Promise<VerifiedToken> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw new DomainError('UNAUTHENTICATED', 'A bearer token is required.');
    const token = match[1]!;
    const algorithm = peekJwtHeader(token)?.['alg'];
    if (isIdpAlgorithm(algorithm) && this.idp.enabled) {
      const identity = await this.idp.verify(token);
      // The subject may be long and is the provider's: counted under a digest of it.
      const digest = createHash('sha256').update(`${identity.issuer}\n${identity.subject}`).digest('hex').slice(0, 40);
      return { kind: 'idp', identity, rateKey: `idp:${digest}` };
    }
    try {
      const claims = await this.jwt.verifyAsync<{ sub?: unknown; exp?: unknown }>(token);
      if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') throw new Error('a token must expire and name its user');
      return { kind: 'passage', userId: claims.sub, rateKey: claims.sub };
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The bearer token is invalid or expired.');
    }
  }
}
