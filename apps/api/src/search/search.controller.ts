import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { SearchQuery } from './search.dto';
import { SearchService } from './search.service';
import { SearchResultView } from './search.view';

@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly searches: SearchService) {}

  @Get()
  @ApiOperation({ summary: 'Find cases and certificates by an exact case, certificate or identity number, within the caller’s jurisdiction' })
  @ApiOkResponse({ type: SearchResultView })
  find(@CurrentActor() actor: ActingUser, @Query() query: SearchQuery): Promise<SearchResultView> {
    return this.searches.find(actor, query.q);
  }
}
