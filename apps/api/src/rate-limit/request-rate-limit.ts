import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { PassageConfig } from '../../../../libs/config';
import { RateLimitsRepository } from '../../../../libs/db';
import { DomainError } from '../../../../libs/domain';
import { originOf } from '../audit/request-origin';
import { CONFIG } from '../core/tokens';

/** The api proper; health, metrics and the OpenAPI document are outside it and not counted. */
const API_PATH = /^\/api\/v1(?:\/|$)/;

/**
 * Requests to /api/v1 per client address and per authenticated user and minute, shared by every replica
 * (rate_limit_window): one upsert per request counts both. The address is express's `req.ip`, so
 * X-Forwarded-For counts only from HTTP_TRUSTED_PROXIES. The user key is the verified token's subject.
 */
@Injectable()
export class RequestRateLimit {
  constructor(
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(RateLimitsRepository) private readonly rateLimits: RateLimitsRepository,
  ) {}

  /** Counts the request; refuses it (429, with retryAfterSeconds) when its address or its user is over the limit. */
  async admit(request: Request, userKey: string | null): Promise<void> {
    if (!API_PATH.test(request.path)) return;
    const keys = [`api-ip:${originOf(request).ip ?? 'unknown'}`, ...(userKey ? [`api-user:${userKey}`] : [])];
    const { hits, retryAfterSeconds } = await this.rateLimits.hitAll(keys);
    if (hits[0]! > this.config.RATE_LIMIT_PER_IP_PER_MINUTE) {
      throw new DomainError('TOO_MANY_REQUESTS', 'Too many requests from this address; try again shortly.', { retryAfterSeconds });
    }
    if (userKey && hits[1]! > this.config.RATE_LIMIT_PER_USER_PER_MINUTE) {
      throw new DomainError('TOO_MANY_REQUESTS', 'Too many requests for this user; try again shortly.', { retryAfterSeconds });
    }
  }
}
