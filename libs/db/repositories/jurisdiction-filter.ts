import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';

/**
 * The one SQL form of "this office code lies within the jurisdiction". Every repository method that reads
 * an office's data goes through it, so access is enforced where rows are selected, not only in controllers.
 * Division codes nest by prefix, so a subtree is a `LIKE 'prefix%'` (served by the text_pattern_ops indexes).
 */
export function jurisdictionCondition(column: string, placeholder: string, jurisdiction: Jurisdiction): { sql: string; value: string } {
  return jurisdiction.includeSubtree
    ? { sql: `${column} LIKE ${placeholder}`, value: `${jurisdiction.officeCode}%` }
    : { sql: `${column} = ${placeholder}`, value: jurisdiction.officeCode };
}

/** The same condition on a TypeORM query builder. */
export function whereWithinJurisdiction<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  officeCodeColumn: string,
  jurisdiction: Jurisdiction,
): SelectQueryBuilder<T> {
  const { sql, value } = jurisdictionCondition(officeCodeColumn, ':jurisdiction', jurisdiction);
  return query.andWhere(sql, { jurisdiction: value });
}
