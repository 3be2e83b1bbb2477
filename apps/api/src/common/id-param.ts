import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** `:id` of a resource addressed by UUID; a malformed id is a 400 naming `id`. */
export class IdParam {
  @ApiProperty({ format: 'uuid', description: 'The resource id' })
  @IsUUID()
  id!: string;
}
