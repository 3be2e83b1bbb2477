import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
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
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor, Public } from '../common/actor';
import { IdempotencyKey } from '../common/idempotency-key';
import { CertificateReaderService } from './certificate-reader.service';
import { CertificatesService } from './certificates.service';
import { CounterpartCertificateView } from './counterpart-certificate.view';

export class CertificateNumberParam {
  @Matches(/^\d{6,12}-\d{4}-\d{6}$/, { message: 'number must look like 360102002-2026-000001' })
  number!: string;
}

export class VerificationQuery {
  @ApiProperty({ description: 'The verification code printed on the certificate' })
  @IsString()
  @Length(6, 20)
  code!: string;
}

export class RevokeRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class RenewOrReplaceRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class CertificateView {
  @ApiProperty({ enum: ['owner'], description: 'Which view this is: `owner` for the issuing office and the offices above it (a counterpart gets CounterpartCertificateView)' })
  access!: 'owner';
  @ApiProperty() number!: string;
  @ApiProperty({ enum: ['valid', 'revoked', 'superseded'] }) status!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty() officeCode!: string;
  @ApiProperty() issuedOn!: string;
  @ApiProperty() validUntil!: string;
  @ApiProperty() verificationCode!: string;
  @ApiProperty({ description: 'The signed payload the QR code carries' }) signedToken!: string;
  @ApiProperty() selfDeclared!: boolean;
  @ApiProperty({ nullable: true, type: String }) revokedReason!: string | null;
}

export class CertificateActionResultView {
  @ApiProperty() number!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String }) successorNumber!: string | null;
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
  @ApiOperation({
    summary: 'One certificate: the record to the issuing side, the status and holder to a counterpart of its case',
    description:
      'The issuing office and the offices above it get `access: owner` (CertificateView). The case’s destination office, an office ' +
      'notified about the case, and the managers above them get `access: counterpart` (CounterpartCertificateView). Anyone else gets 404.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(CertificateView) }, { $ref: getSchemaPath(CounterpartCertificateView) }],
      discriminator: { propertyName: 'access' },
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
  @ApiProduces('application/pdf')
  @Header('Content-Type', 'application/pdf')
  @ApiOperation({ summary: 'The certificate as a PDF (Chinese and English) with its signed QR code' })
  async pdf(@CurrentActor() actor: ActingUser, @Param() { number }: CertificateNumberParam): Promise<StreamableFile> {
    return new StreamableFile(await this.certificates.pdf(actor, number), { disposition: `inline; filename="${number}.pdf"` });
  }

  @Post(':number/renew')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: 'Issue a successor with a new validity period; the old one becomes superseded (approver)' })
  @ApiOkResponse({ type: CertificateActionResultView })
  renew(@CurrentActor() actor: ActingUser, @Param() { number }: CertificateNumberParam, @Body() body: RenewOrReplaceRequest, @IdempotencyKey() key?: string) {
    return this.certificates.act(actor, number, 'renew', body.reason, key);
  }

  @Post(':number/replace')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: 'Replace a lost certificate: a new number and code; the old one becomes superseded (approver)' })
  @ApiOkResponse({ type: CertificateActionResultView })
  replace(@CurrentActor() actor: ActingUser, @Param() { number }: CertificateNumberParam, @Body() body: RenewOrReplaceRequest, @IdempotencyKey() key?: string) {
    return this.certificates.act(actor, number, 'replace', body.reason, key);
  }

  @Post(':number/revoke')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
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
  verify(@Param() { number }: CertificateNumberParam, @Query() { code }: VerificationQuery) {
    return this.certificates.verify(number, code);
  }

  @Public()
  @Get('certificate-signing-keys')
  @ApiOperation({ summary: 'Ed25519 public keys (PEM) for verifying certificate QR payloads offline' })
  signingKeys() {
    return this.certificates.signingKeys();
  }
}
