/**
 * Prints how each main list query runs on a seeded database (bench/seed.ts): for every SQL statement a
 * repository method sends, EXPLAIN (ANALYZE, BUFFERS)'s time, buffers and the scans it chose. For choosing
 * and checking indexes query by query.
 *
 *   npm run build && node dist/bench/explain.js postgres://passage:passage@127.0.0.1:5432/<database>
 *
 * The database is migrated first (openDatabase), so a database seeded before a new migration gets it.
 */
import { openDatabase } from '../libs/db';
import { listQueries, recordingDataSource, type RecordedQuery } from './list-queries';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** The scans of a plan, as `Index Only Scan certificate_application_submitted_idx ×7528`. */
function scans(node: PlanNode): string[] {
  const rows = (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
  const here = /Scan/.test(node['Node Type']) ? [`${node['Node Type']} ${node['Index Name'] ?? node['Relation Name'] ?? ''} ×${rows}`] : [];
  return [...here, ...(node.Plans ?? []).flatMap(scans)];
}

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error('usage: node dist/bench/explain.js <database url>');
  const db = await openDatabase({ url, poolSize: 4, applicationName: 'passage-bench-explain' });
  try {
    for (const query of await listQueries(db, new Date())) {
      const recorded: RecordedQuery[] = [];
      await query.call(recordingDataSource(db, recorded));
      for (const [i, { sql, params }] of recorded.entries()) {
        const [row] = (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)) as Array<{
          'QUERY PLAN': Array<{ Plan: PlanNode & { 'Shared Hit Blocks': number; 'Shared Read Blocks': number }; 'Execution Time': number }>;
        }>;
        const { Plan: plan, 'Execution Time': ms } = row!['QUERY PLAN'][0]!;
        const statement = recorded.length > 1 ? ` [${i + 1}/${recorded.length}]` : '';
        process.stdout.write(
          `${query.name}${statement}: ${ms.toFixed(2)} ms, ${plan['Shared Hit Blocks'] + plan['Shared Read Blocks']} buffers\n    ${scans(plan).join('\n    ')}\n`,
        );
      }
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
