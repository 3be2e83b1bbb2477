import { Body, Controller, Delete, Get, Header, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { ApiProblemResponses } from '../common/openapi';
import { OfficeCodeParam } from '../offices/office.dto';
import { PutWebhookRequest, WebhookRegisteredView, WebhookView } from './webhook.dto';
import { WebhooksService } from './webhooks.service';

/** An office's webhook (see docs/webhooks.md for what the receiver gets and how it verifies it). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('offices')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Put(':code/webhook')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Register or replace the office’s webhook (its office admin only); answers a new signing secret, once' })
  @ApiOkResponse({ type: WebhookRegisteredView })
  @ApiProblemResponses([400, 403, 404, 422], {
    400: 'url is not an absolute https URL (rule https-required; http is accepted outside production)',
    403: 'Not the office admin of this office',
    404: 'No such office within the caller’s jurisdiction',
    422: 'url is, or resolves to, an address Passage does not send to (rule public-address; addressKind loopback, private, link-local, metadata, …)',
  })
  put(@CurrentActor() actor: ActingUser, @Param() { code }: OfficeCodeParam, @Body() body: PutWebhookRequest): Promise<WebhookRegisteredView> {
    return this.webhooks.put(actor, code, body.url);
  }

  @Get(':code/webhook')
  @ApiOperation({ summary: 'The office’s webhook address (never its secret)' })
  @ApiOkResponse({ type: WebhookView })
  @ApiProblemResponses([404], { 404: 'No such office within the caller’s jurisdiction, or it has no webhook' })
  get(@CurrentActor() actor: ActingUser, @Param() { code }: OfficeCodeParam): Promise<WebhookView> {
    return this.webhooks.get(actor, code);
  }

  @Delete(':code/webhook')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the office’s webhook (its office admin only): notifications then reach the inbox only' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses([403, 404], {
    403: 'Not the office admin of this office',
    404: 'No such office within the caller’s jurisdiction, or it has no webhook',
  })
  async remove(@CurrentActor() actor: ActingUser, @Param() { code }: OfficeCodeParam): Promise<void> {
    await this.webhooks.remove(actor, code);
  }
}
