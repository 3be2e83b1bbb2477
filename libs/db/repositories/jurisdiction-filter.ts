import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';

/**
 * Restricts a query to the offices a jurisdiction covers. Every repository method that reads data of
 * an office goes through this, so access is enforced where rows are selected, not only in controllers.
 */
export function whereWithinJurisdiction<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  officeCodeColumn: string,
  jurisdiction: Jurisdiction,
): SelectQueryBuilder<T> {
  return jurisdiction.includeSubtree
    ? query.andWhere(`${officeCodeColumn} LIKE :jurisdictionPrefix`, { jurisdictionPrefix: `${jurisdiction.officeCode}%` })
    : query.andWhere(`${officeCodeColumn} = :jurisdictionOffice`, { jurisdictionOffice: jurisdiction.officeCode });
}
