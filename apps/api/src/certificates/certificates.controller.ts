import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import type { Request } from 'express';
import { type ActingUser, CERTIFICATE_STATUSES } from '../../../../libs/domain';
import { CurrentActor, Public } from '../common/actor';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from '../common/idempotency-key';
import { CALENDAR_DATE_SCHEMA } from '../common/is-calendar-date';
import { ApiProblemResponses } from '../common/openapi';
import { Optional } from '../common/optional';
import { CertificateReaderService } from './certificate-reader.service';
import { CertificatesService } from './certificates.service';
import { CounterpartCertificateView } from './counterpart-certificate.view';
import { AuditedRead } from '../audit/audited-read';

const CERTIFICATE_NUMBER_PATTERN = '^[0-9]{6,12}-[0-9]{4}-[0-9]{6}$';
const PUBLIC_STATUSES = ['valid', 'revoked', 'expired', 'superseded'] as const;

export class CertificateNumberParam {
  @ApiProperty({ pattern: CERTIFICATE_NUMBER_PATTERN, example: '360102002-2026-000001', description: 'The certificate number' })
  @Matches(new RegExp(CERTIFICATE_NUMBER_PATTERN), { message: 'number must look like 360102002-2026-000001' })
  number!: string;
}

export class VerificationQuery {
  @ApiProperty({ description: 'The verification code printed on the certificate', minLength: 6, maxLength: 20 })
  @IsString()
  @Length(6, 20)
  code!: string;
}

export class RevokeRequest {
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class RenewOrReplaceRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 2000 })
  @Optional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class CertificateView {
  @ApiProperty({ enum: ['owner'], description: 'Which view this is: `owner` for the issuing office and the offices above it (a counterpart gets CounterpartCertificateView)' })
  access!: 'owner';
  @ApiProperty() number!: string;
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() officeCode!: string;
  @ApiProperty(CALENDAR_DATE_SCHEMA) issuedOn!: string;
  @ApiProperty(CALENDAR_DATE_SCHEMA) validUntil!: string;
  @ApiProperty() verificationCode!: string;
  @ApiProperty({ description: 'The signed payload the QR code carries' }) signedToken!: string;
  @ApiProperty() selfDeclared!: boolean;
  @ApiProperty({ nullable: true, type: String }) revokedReason!: string | null;
}

export class CertificateActionResultView {
  @ApiProperty() number!: string;
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: String }) successorNumber!: string | null;
}

export class PublicVerificationView {
  @ApiProperty() number!: string;
  @ApiProperty({ enum: PUBLIC_STATUSES }) status!: string;
  @ApiProperty({ example: '李**', description: 'The holder’s name with all but the first character masked' }) holderMaskedName!: string;
}

export class SigningKeyView {
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'Ed25519 public key (SPKI PEM)' }) publicKeyPem!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

@ApiTags('certificates')
@ApiBearerAuth()
@ApiExtraModels(CertificateView, CounterpartCertificateView)
@Controller('certificates')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly reader: CertificateReaderService,
  ) {}

  @Get(':number')
  @AuditedRead('certificate', 'number')
  @ApiOperation({
    summary: 'One certificate: the record to the issuing side, the status and holder to a counterpart of its case',
    description:
      'The issuing office and the offices above it get `access: owner` (CertificateView). The case’s destination office, an office ' +
      'notified about the case, and the managers above them get `access: counterpart` (CounterpartCertificateView). Anyone else gets 404.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(CertificateView) }, { $ref: getSchemaPath(CounterpartCertificateView) }],
      discriminator: { propertyName: 'access', mapping: { owner: getSchemaPath(CertificateView), counterpart: getSchemaPath(CounterpartCertificateView) } },
    },
  })
  async get(@CurrentActor() actor: ActingUser, @Param() { number }: CertificateNumberParam): Promise<CertificateView | CounterpartCertificateView> {
    const read = await this.reader.read(actor, number);
    if (read.access === 'counterpart') return read.view;
    const c = read.certificate;
    return {
      access: 'owner', number: c.number, status: c.status, caseId: c.caseId, officeCode: c.officeCode, issuedOn: c.issuedOn,
      validUntil: c.validUntil, verificationCode: c.verificationCode, signedToken: c.signedToken, selfDeclared: c.selfDeclared,
      revokedReason: c.revokedReason,
    };
  }

  @Get(':number/pdf')
  @AuditedRead('certificate', 'number')
  @ApiProduces('application/pdf')
  @Header('Content-Type', 'application/pdf')
  // The PDF carries the holder's personal data: no browser or proxy may keep a copy.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The certificate as a PDF (Chinese and English) with its signed QR code' })
  @ApiOkResponse({ description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  async pdf(@CurrentActor() actor: ActingUser, @Param() { number }: CertificateNumberParam): Promise<StreamableFile> {
    return new StreamableFile(await this.certificates.pdf(actor, number), { disposition: `inline; filename="${number}.pdf"` });
  }

  @Post(':number/renew')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiProblemResponses([403, 409, 422])
  @ApiOperation({ summary: 'Issue a successor with a new validity period; the old one becomes superseded (approver)' })
  @ApiOkResponse({ type: CertificateActionResultView })
  renew(@CurrentActor() actor: ActingUser, @Param() { number }: CertificateNumberParam, @Body() body: RenewOrReplaceRequest, @IdempotencyKey() key?: string) {
    return this.certificates.act(actor, number, 'renew', body.reason, key);
  }

  @Post(':number/replace')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiProblemResponses([403, 409, 422])
  @ApiOperation({ summary: 'Replace a lost certificate: a new number and code; the old one becomes superseded (approver)' })
  @ApiOkResponse({ type: CertificateActionResultView })
  replace(@CurrentActor() actor: ActingUser, @Param() { number }: CertificateNumberParam, @Body() body: RenewOrReplaceRequest, @IdempotencyKey() key?: string) {
    return this.certificates.act(actor, number, 'replace', body.reason, key);
  }

  @Post(':number/revoke')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiProblemResponses([403, 409, 422])
  @ApiOperation({ summary: 'Revoke with a reason (approver)' })
  @ApiOkResponse({ type: CertificateActionResultView })
  revoke(@CurrentActor() actor: ActingUser, @Param() { number }: CertificateNumberParam, @Body() body: RevokeRequest, @IdempotencyKey() key?: string) {
    return this.certificates.act(actor, number, 'revoke', body.reason, key);
  }
}

/** What anyone may ask without an account: is this certificate genuine and valid, and which keys sign them. */
@ApiTags('public')
@Controller('public')
export class PublicCertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Public()
  @Get('certificates/:number/verification')
  @ApiOperation({ summary: 'Verify a certificate: valid, revoked, expired or superseded, and the holder’s masked name' })
  @ApiOkResponse({ type: PublicVerificationView })
  @ApiProblemResponses([429])
  verify(@Param() { number }: CertificateNumberParam, @Query() { code }: VerificationQuery, @Req() request: Request): Promise<PublicVerificationView> {
    return this.certificates.verify(number, code, request.ip ?? 'unknown');
  }

  @Public()
  @Get('certificate-signing-keys')
  @ApiOperation({ summary: 'Ed25519 public keys (PEM) for verifying certificate QR payloads offline' })
  @ApiOkResponse({ type: [SigningKeyView] })
  async signingKeys(): Promise<SigningKeyView[]> {
    return (await this.certificates.signingKeys()).map((k) => ({ keyId: k.keyId, publicKeyPem: k.publicKeyPem, createdAt: k.createdAt.toISOString() }));
  }
}
