import { ApiProperty } from '@nestjs/swagger';

export class SearchHitView {
  @ApiProperty({ enum: ['certificate-application', 'service-report', 'residence-registration', 'certificate'] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Its case or certificate number' }) number!: string;
  @ApiProperty({ description: 'Its state (a certificate: its status)' }) state!: string;
  @ApiProperty() officeCode!: string;
  @ApiProperty({ example: '李**', description: 'The person’s name, masked: open the case to read it (and be audited)' }) holderMaskedName!: string;
}

export class SearchResultView {
  @ApiProperty({ enum: ['case-number', 'certificate-number', 'identity-number'] }) matchedAs!: string;
  @ApiProperty({ type: [SearchHitView] }) items!: SearchHitView[];
}
