import { inTransaction, NotificationsRepository } from '../../libs/db';
import { withDomainFailures } from '../activity-failure';
import type { ActivityDependencies } from '../dependencies';

/** One digest per office and day of what is overdue there; the same day twice is one digest. */
export function createDigestActivities(deps: Pick<ActivityDependencies, 'db'>) {
  const notifications = new NotificationsRepository(deps.db);

  async function createDailyDigests(input: { date: string; now: string }): Promise<string[]> {
    const cause = `daily-digest:${input.date}`;
    // Reads go through the transaction too: it holds a pool connection and must not wait for a second.
    return withDomainFailures(() => inTransaction(deps.db, async (tx) => {
      for (const office of await notifications.overdueCountsForDigest(new Date(input.now), tx)) {
        await notifications.insert(tx, {
          recipientOfficeCode: office.officeCode,
          kind: 'daily-digest',
          payload: {
            date: input.date,
            overdueCases: office.overdueCases,
            overdueAnswers: office.overdueAnswers,
            overdueReports: office.overdueReports,
            overdueFeedback: office.overdueFeedback,
          },
          causeTransactionId: cause,
          idempotencyKey: `daily-digest:${office.officeCode}:${input.date}`,
        });
      }
      return notifications.idsCausedBy(tx, cause);
    }));
  }

  return { createDailyDigests };
}
