import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class DevLoginRequest {
  @ApiProperty({ example: 'tengwangge.caseworker', description: 'A demo username (see README.md)' })
  @IsString()
  @Length(1, 64)
  @Matches(/^[a-z0-9._-]+$/, { message: 'username may contain a-z, 0-9, dot, underscore and hyphen only' })
  username!: string;
}

export class AccessTokenResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty() expiresIn!: number;
  @ApiProperty() userId!: string;
  @ApiProperty() role!: string;
  @ApiProperty() officeCode!: string;
}
