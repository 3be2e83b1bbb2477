import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { ApiProblemResponses } from '../common/openapi';
import { StuckListQuery } from './monitoring.dto';
import { MonitoringService } from './monitoring.service';
import { StuckListPage } from './stuck-item.view';

/** Managers' monitoring of their office and every office below it. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('monitoring')
export class MonitoringController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Get('stuck')
  @ApiOperation({ summary: 'What is late or stuck in the manager’s subtree, and why, oldest first' })
  @ApiOkResponse({ type: StuckListPage })
  @ApiProblemResponses([403])
  stuck(@CurrentActor() actor: ActingUser, @Query() query: StuckListQuery): Promise<StuckListPage> {
    return this.monitoring.stuck(actor, query);
  }
}
