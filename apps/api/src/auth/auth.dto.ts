import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { ROLES } from '../../../../libs/domain';

export class DevLoginRequest {
  @ApiProperty({ example: 'tengwangge.caseworker', description: 'A demo username (see README.md)', pattern: '^[a-z0-9._-]{1,64}$' })
  @IsString()
  @Length(1, 64)
  @Matches(/^[a-z0-9._-]+$/, { message: 'username may contain a-z, 0-9, dot, underscore and hyphen only' })
  username!: string;
}

export class AccessTokenResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ type: 'integer', description: 'Seconds' }) expiresIn!: number;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty() officeCode!: string;
}
