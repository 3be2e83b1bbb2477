import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Connection } from '@temporalio/client';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { PassageConfig } from '../../../../libs/config';
import { Public } from '../common/actor';
import { CONFIG, DATA_SOURCE, TEMPORAL_CONNECTION } from '../core/tokens';

/** Why a dependency is down, as a code: the error's own text (hosts, ports, SQL) is for the logs, not for anyone asking. */
type Check = { status: 'up' } | { status: 'down'; error: 'no-answer' | 'unreachable' };

export class DependencyCheckView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiPropertyOptional({ enum: ['no-answer', 'unreachable'], description: 'Why it is down' }) error?: string;
}

class HealthChecksView {
  @ApiProperty({ type: DependencyCheckView }) database!: DependencyCheckView;
  @ApiProperty({ type: DependencyCheckView }) temporal!: DependencyCheckView;
}

export class HealthView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ type: HealthChecksView }) checks!: HealthChecksView;
}

/** Liveness of what the api depends on; 503 when any dependency is down, so a load balancer can act. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(TEMPORAL_CONNECTION) private readonly temporal: Connection,
    @Inject(CONFIG) private readonly config: PassageConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Database and Temporal reachability' })
  @ApiExtraModels(DependencyCheckView)
  @ApiOkResponse({ type: HealthView, description: 'Everything is up' })
  @ApiServiceUnavailableResponse({ type: HealthView, description: 'A dependency is down' })
  async health(@Res({ passthrough: true }) response: Response): Promise<{ status: 'up' | 'down'; checks: Record<string, Check> }> {
    const [database, temporal] = await Promise.all([
      check(() => this.db.query('SELECT 1')),
      check(async () => {
        await this.temporal.ensureConnected();
        await this.temporal.workflowService.describeNamespace({ namespace: this.config.TEMPORAL_NAMESPACE });
      }),
    ]);
    const status = database.status === 'up' && temporal.status === 'up' ? 'up' : 'down';
    response.status(status === 'up' ? 200 : 503);
    return { status, checks: { database, temporal } };
  }
}

async function check(probe: () => Promise<unknown>, timeoutMs = 3000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new NoAnswer()), timeoutMs);
      }),
    ]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof NoAnswer ? 'no-answer' : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

class NoAnswer extends Error {}
