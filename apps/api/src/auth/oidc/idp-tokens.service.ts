import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { oidcEnabled, type PassageConfig } from '../../../../../libs/config';
import type { ExternalUser } from '../../../../../libs/db';
import { DomainError } from '../../../../../libs/domain';
import { CONFIG, LOGGER } from '../../core/tokens';
import { externalIdentity } from './external-identity';
import { JwksCache, KeySetUnavailable } from './jwks-cache';
import { JwtRefused, verifyIdpJwt } from './verify-jwt';

/**
 * Tokens of the external identity provider (OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL): verified against
 * its published keys, then read as a Passage user. Off (every such token refused) unless configured.
 */
@Injectable()
export class IdpTokens {
  private readonly keys: JwksCache | null;
  private readonly logger: Logger;

  constructor(
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'oidc' });
    this.keys = oidcEnabled(config)
      ? new JwksCache({
          url: config.OIDC_JWKS_URL,
          ttlMs: config.OIDC_JWKS_CACHE_SECONDS * 1000,
          onFetchFailed: (reason) => this.logger.warn({ reason }, 'identity provider key set not fetched'),
        })
      : null;
  }

  get enabled(): boolean {
    return this.keys !== null;
  }

  /** The user the token describes; 401 for a token that does not verify, 403 for one naming no usable role or office, 503 without keys. */
  async verify(token: string): Promise<ExternalUser> {
    const keys = this.keys;
    if (!keys) throw new DomainError('UNAUTHENTICATED', 'The bearer token is invalid or expired.');
    const issuer = this.config.OIDC_ISSUER!;
    let claims: Record<string, unknown>;
    try {
      claims = await verifyIdpJwt(token, (kid, algorithm) => keys.key(kid, algorithm), {
        issuer,
        audience: this.config.OIDC_AUDIENCE!,
        clockToleranceSeconds: this.config.OIDC_CLOCK_TOLERANCE_SECONDS,
      });
    } catch (error) {
      if (error instanceof KeySetUnavailable) {
        throw new DomainError('SERVICE_UNAVAILABLE', "The identity provider's keys cannot be fetched now; try again.");
      }
      if (error instanceof JwtRefused) {
        this.logger.debug({ reason: error.message }, 'identity provider token refused');
        throw new DomainError('UNAUTHENTICATED', 'The bearer token is invalid or expired.');
      }
      throw error;
    }
    return externalIdentity(claims, issuer, { roleClaim: this.config.OIDC_ROLE_CLAIM, officeClaim: this.config.OIDC_OFFICE_CLAIM });
  }
}
