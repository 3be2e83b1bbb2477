import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { OfficeWebhookRow } from '../../../../libs/db';
import { WEBHOOK_URL_MAX_LENGTH } from './webhook-url';

export class PutWebhookRequest {
  @ApiProperty({
    example: 'https://oa.example.gov.cn/passage/notifications',
    maxLength: WEBHOOK_URL_MAX_LENGTH,
    description:
      'Where notifications are POSTed; https (http is accepted outside production only), at a public address ' +
      '(internal ones only in networks the operator allows, WEBHOOK_ALLOWED_NETWORKS)',
  })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url!: string;
}

/** Answered once, when the webhook is registered or replaced: the secret is not shown again. */
export class WebhookRegisteredView {
  @ApiProperty({ example: '360102002' }) officeCode!: string;
  @ApiProperty() url!: string;
  @ApiProperty({
    example: 'q3x1v8mJ0oZ0b3Q6m2cVw0m0yZ7kqFf4bG9c1d2e3f4',
    description: 'HMAC-SHA256 key of the passage-signature header (32 random bytes, base64url). Shown only now: store it.',
  })
  secret!: string;
}

export class WebhookView {
  @ApiProperty({ example: '360102002' }) officeCode!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the address or the secret last changed' }) updatedAt!: string;

  static of(w: OfficeWebhookRow): WebhookView {
    return { officeCode: w.officeCode, url: w.url, createdAt: w.createdAt.toISOString(), updatedAt: w.updatedAt.toISOString() };
  }
}
