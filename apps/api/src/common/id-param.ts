import { IsUUID } from 'class-validator';

/** `:id` of a resource addressed by UUID; a malformed id is a 400 naming `id`. */
export class IdParam {
  @IsUUID()
  id!: string;
}
