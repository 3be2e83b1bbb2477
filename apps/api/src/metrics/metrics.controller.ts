import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { PassageConfig } from '../../../../libs/config';
import { DomainError } from '../../../../libs/domain';
import { Public } from '../common/actor';
import { CONFIG } from '../core/tokens';
import { MetricsService } from './metrics.service';
import { scrapeAccess } from './scrape-access';

/**
 * Prometheus scrape endpoint, beside /health and outside /api/v1. Not in the OpenAPI document: it is
 * for Prometheus, not for the api's clients, and answers the text exposition format, not JSON. Public
 * to the staff token guard; scrapeAccess decides instead (METRICS_TOKEN).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(CONFIG) private readonly config: PassageConfig,
  ) {}

  @Public()
  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) response: Response): Promise<string> {
    const access = scrapeAccess(this.config, authorization);
    if (access === 'off') throw new DomainError('NOT_FOUND', 'Metrics are not served here.');
    if (access === 'token-required') throw new DomainError('UNAUTHENTICATED', 'The metrics token is required.');
    const text = await this.metrics.render();
    response.setHeader('Content-Type', this.metrics.contentType);
    response.setHeader('Cache-Control', 'no-store');
    return text;
  }
}
