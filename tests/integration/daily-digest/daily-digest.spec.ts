/**
 * The daily digest: one notification per office with something overdue, none for an office that turned
 * digests off, and a second run on the same day adds nothing. Two community offices no other test uses
 * carry the scenario, so the counts are exact.
 */
import { randomUUID } from 'node:crypto';
import { taskQueueName } from '../../../libs/contracts';
import { useTestStack } from '../../support/test-app';

const WITH_DIGEST = '360102004001'; // 刘将军庙社区居委会
const WITHOUT_DIGEST = '360102004002'; // 状元桥社区居委会

describe('daily digest', () => {
  const stack = useTestStack();

  async function overdueAnswerFor(officeCode: string): Promise<void> {
    await stack().db.query(
      `INSERT INTO notification (recipient_office_code, kind, expects_answer, answer_due_at, idempotency_key, created_at)
       VALUES ($1, 'test-awaiting-answer', true, now() - interval '2 days', $2, now() - interval '10 days')`,
      [officeCode, `digest-test:${randomUUID()}`],
    );
  }

  async function runDigest(): Promise<{ date: string; digests: number }> {
    return stack().client.workflow.execute('dailyDigestWorkflow', {
      workflowId: `daily-digest-test/${randomUUID()}`,
      taskQueue: taskQueueName(stack().taskQueuePrefix, 'cases'),
      args: [],
    });
  }

  async function digestsOf(officeCode: string): Promise<Array<{ payload: Record<string, unknown>; state: string }>> {
    return stack().db.query(`SELECT payload, state FROM notification WHERE kind = 'daily-digest' AND recipient_office_code = $1`, [officeCode]);
  }

  it('sends one digest per office and day, only to offices that want it', async () => {
    await stack().db.query(`UPDATE office SET daily_digest_enabled = false WHERE code = $1`, [WITHOUT_DIGEST]);
    try {
      await digestScenario();
    } finally {
      await stack().db.query(`UPDATE office SET daily_digest_enabled = true WHERE code = $1`, [WITHOUT_DIGEST]);
    }
  });

  async function digestScenario(): Promise<void> {
    await overdueAnswerFor(WITH_DIGEST);
    await overdueAnswerFor(WITH_DIGEST);
    await overdueAnswerFor(WITHOUT_DIGEST);

    const first = await runDigest();
    const second = await runDigest();
    expect(second.date).toBe(first.date);

    const digests = await digestsOf(WITH_DIGEST);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.payload).toEqual({ date: first.date, overdueCases: 0, overdueAnswers: 2, overdueReports: 0, overdueFeedback: 0 });
    expect(await digestsOf(WITHOUT_DIGEST)).toHaveLength(0);

    // The office has no webhook: its inbox row is the delivery, marked by the delivery workflow.
    for (let i = 0; i < 50 && (await digestsOf(WITH_DIGEST))[0]!.state !== 'delivered'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await digestsOf(WITH_DIGEST))[0]!.state).toBe('delivered');
  }
});
