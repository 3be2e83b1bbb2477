import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { COUNT_CAP } from '../../../../libs/db';
import { Optional } from './optional';

export const MAX_PAGE_SIZE = 100;
/** Deep paging past this is refused (400) rather than handed to PostgreSQL as an OFFSET it cannot hold. */
export const MAX_OFFSET = 1_000_000;

/** `limit` and `offset` of every list, as bounded integers. */
export abstract class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 20;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset = 0;
}

/** What `total` and `totalIsCapped` of every page say (counts stop at COUNT_CAP: see libs/db/repositories/list-page.ts). */
export const TOTAL_SCHEMA = { type: 'integer', description: `Items matching the filters, counted up to ${COUNT_CAP}` } as const;
export const TOTAL_IS_CAPPED_SCHEMA = { description: `true when more than ${COUNT_CAP} items match: total then says ${COUNT_CAP}` } as const;
