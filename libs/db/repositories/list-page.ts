/**
 * What every list query shares, so that a page costs the same on the first day and with millions on file:
 *
 * - **Counts stop at COUNT_CAP.** An exact count reads every matching index entry (hundreds of thousands
 *   for a province); a page needs "how many, or that there are very many". Past the cap the list says
 *   `total: COUNT_CAP, totalIsCapped: true`.
 * - **A page is found on the index, then read.** The inner query orders and skips over index entries only
 *   (the list indexes carry the columns it filters on), and just the page's rows are read from the table,
 *   so `offset` costs index entries, not rows.
 * - **Keyset continuation**: `after` (the last item of the previous page) starts the page right after that
 *   item's position in the list order, at the cost of a first page however deep it is.
 */

export const COUNT_CAP = 10_000;

export interface CappedTotal {
  total: number;
  totalIsCapped: boolean;
}

/**
 * `SELECT n`: how many rows of `from` match `where`, counting no further than COUNT_CAP + 1. With the
 * list's `orderBy` the count walks the index the page walks: without it, for a subtree that is most of the
 * table, the planner reads the table from its start until enough rows match, which is cheap only while the
 * subtree's rows are spread evenly over the table.
 */
export function cappedCountSql(from: string, where: string, orderBy?: string): string {
  const order = orderBy ? ` ORDER BY ${orderBy}` : '';
  return `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${where}${order} LIMIT ${COUNT_CAP + 1}) capped`;
}

export function cappedTotal(rows: ReadonlyArray<{ n: number }>): CappedTotal {
  const n = rows[0]!.n;
  return n > COUNT_CAP ? { total: COUNT_CAP, totalIsCapped: true } : { total: n, totalIsCapped: false };
}

/**
 * The rows of `table alias` after the row `cursorPlaceholder` (its id) in the order `<column> DESC, id`:
 * earlier in `column`, or at the same instant with a greater id. The row is looked up under `cursorWithin`
 * (the same jurisdiction as the list): a cursor the reader may not see matches nothing, and tells nothing
 * about that row. The redundant `<=` bound is what the index range starts from.
 */
export function afterCondition(table: string, alias: string, column: string, cursorPlaceholder: string, cursorWithin: (alias: string) => string): string {
  const position = `(SELECT k.${column} FROM ${table} k WHERE k.id = ${cursorPlaceholder} AND ${cursorWithin('k')})`;
  return `${alias}.${column} <= ${position} AND (${alias}.${column} < ${position} OR ${alias}.id > ${cursorPlaceholder})`;
}

/**
 * The page of `table alias` matching `where` in the order `<column> DESC, id`, found on the index (only
 * `id` and the order column leave the inner query), then read with `columns`.
 */
export function pageSql(options: { table: string; alias: string; columns: string; where: string; column: string; limit: number; offset: number }): string {
  const { table, alias, columns, where, column, limit, offset } = options;
  return `SELECT ${columns} FROM ${table} ${alias}
            JOIN (SELECT ${alias}.id FROM ${table} ${alias} WHERE ${where}
                   ORDER BY ${alias}.${column} DESC, ${alias}.id LIMIT ${limit} OFFSET ${offset}) page ON page.id = ${alias}.id
           ORDER BY ${alias}.${column} DESC, ${alias}.id`;
}
