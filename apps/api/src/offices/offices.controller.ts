import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { ApiProblemResponses } from '../common/openapi';
import {
  ListOfficesQuery,
  OfficeCodeParam,
  OfficeSettingsView,
  OfficeView,
  UpdateOfficeSettingsRequest,
} from './office.dto';
import { OfficesService } from './offices.service';

@ApiTags('offices')
@ApiBearerAuth()
@Controller('offices')
export class OfficesController {
  constructor(private readonly offices: OfficesService) {}

  @Get()
  @ApiOperation({ summary: 'List offices of the directory' })
  @ApiOkResponse({ type: [OfficeView] })
  async list(@Query() query: ListOfficesQuery): Promise<OfficeView[]> {
    return (await this.offices.list(query)).map(OfficeView.of);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One office of the directory' })
  @ApiOkResponse({ type: OfficeView })
  async get(@Param() { code }: OfficeCodeParam): Promise<OfficeView> {
    return OfficeView.of(await this.offices.get(code));
  }

  @Get(':code/children')
  @ApiOperation({ summary: 'The offices directly below an office' })
  @ApiOkResponse({ type: [OfficeView] })
  async children(@Param() { code }: OfficeCodeParam): Promise<OfficeView[]> {
    return (await this.offices.children(code)).map(OfficeView.of);
  }

  @Get(':code/subtree')
  @ApiOperation({ summary: 'The office and every office below it, parents first' })
  @ApiOkResponse({ type: [OfficeView] })
  async subtree(@Param() { code }: OfficeCodeParam): Promise<OfficeView[]> {
    return (await this.offices.subtree(code)).map(OfficeView.of);
  }

  @Get(':code/settings')
  @ApiOperation({ summary: "An office's settings (within the caller's jurisdiction)" })
  @ApiOkResponse({ type: OfficeSettingsView })
  async settings(@CurrentActor() actor: ActingUser, @Param() { code }: OfficeCodeParam): Promise<OfficeSettingsView> {
    return OfficeSettingsView.of(await this.offices.settings(actor, code));
  }

  @Patch(':code/settings')
  @ApiOperation({ summary: "Change an office's settings (its office admin only)" })
  @ApiOkResponse({ type: OfficeSettingsView })
  @ApiProblemResponses([403])
  async updateSettings(
    @CurrentActor() actor: ActingUser,
    @Param() { code }: OfficeCodeParam,
    @Body() body: UpdateOfficeSettingsRequest,
  ): Promise<OfficeSettingsView> {
    return OfficeSettingsView.of(await this.offices.updateSettings(actor, code, body));
  }
}
