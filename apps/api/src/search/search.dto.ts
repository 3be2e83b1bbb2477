import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** A case number, a certificate number, or an exact identity number: nothing partial. */
export class SearchQuery {
  @ApiProperty({ example: 'CA-360102002-2026-000001', description: 'A case or certificate number, or a person’s exact identity number' })
  @IsString()
  @Matches(/^[0-9A-Za-z-]{6,40}$/, { message: 'q must be a case or certificate number or an identity number (letters, digits and dashes, 6 to 40)' })
  q!: string;
}
