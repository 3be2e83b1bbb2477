/**
 * The managers' summary through HTTP: a certificate issued end to end shows up in the counts of its
 * office, in the issuance figures and in today's point of the daily series; the summary covers 90 days,
 * every day listed, and is for managers only. Integration files share one database, so figures are
 * compared before and after (at least what this file added), never as absolute values.
 */
import { toChinaCalendarDate } from '../../../libs/domain';
import type { CaseView } from '../../support/case-view';
import { WANG_QIANG } from '../../support/demo-applicants';
import { as, expectProblem, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, expectStatus, openCase, waitForState } from '../certificate-applications/case-helpers';

interface Summary {
  from: string;
  to: string;
  counts: Array<{ caseType: string; state: string; officeCode: string; count: number }>;
  issuance: { issued: number; onTimeRate: number | null; medianHoursToIssue: number | null; p90HoursToIssue: number | null };
  feedbackRate: { expectingAnswer: number; answeredOnTime: number; rate: number | null };
  daily: Array<{ date: string; opened: number; closed: number }>;
}

describe('monitoring: the summary', () => {
  const stack = useTestStack();
  let caseworker: AuthedClient;
  let approver: AuthedClient;
  let donghu: AuthedClient;
  let baoan: AuthedClient;

  beforeAll(async () => {
    caseworker = await as(stack(), 'tengwangge.caseworker');
    approver = await as(stack(), 'tengwangge.approver');
    donghu = await as(stack(), 'donghu.manager');
    baoan = await as(stack(), 'baoan.manager');
  });

  const summaryOf = async (client: AuthedClient): Promise<Summary> => expectStatus(await client.get('/api/v1/monitoring/summary'), 200).body as Summary;
  const issuedAt = (s: Summary, office: string): number =>
    s.counts.find((c) => c.caseType === 'certificate-application' && c.state === 'issued' && c.officeCode === office)?.count ?? 0;

  it('counts a certificate issued end to end, in its office, its issuance figures and today’s point', async () => {
    const before = await summaryOf(donghu);
    const otherCityBefore = await summaryOf(baoan);
    const opened = await openCase(caseworker, { applicant: WANG_QIANG, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(caseworker, opened.id, 'under-review');
    expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).send({}), 200);
    expect((expectStatus(await approver.post(`${CASES}/${opened.id}/approve`).send({}), 200).body as CaseView).state).toBe('issued');
    const after = await summaryOf(donghu);

    expect(issuedAt(after, '360102002')).toBeGreaterThanOrEqual(issuedAt(before, '360102002') + 1);
    expect(after.issuance.issued).toBeGreaterThanOrEqual(before.issuance.issued + 1);
    expect(after.issuance.onTimeRate).toBeGreaterThan(0); // issued within seconds of a 20-working-day deadline
    expect(after.issuance.medianHoursToIssue).not.toBeNull();
    expect(after.issuance.p90HoursToIssue!).toBeGreaterThanOrEqual(after.issuance.medianHoursToIssue!);
    const today = toChinaCalendarDate(new Date());
    const point = (s: Summary) => s.daily.find((d) => d.date === today)!;
    expect(point(after).opened).toBeGreaterThanOrEqual(point(before).opened + 1);
    expect(point(after).closed).toBeGreaterThanOrEqual(point(before).closed + 1);
    expect(after.daily).toHaveLength(90);
    expect(after.daily.at(-1)!.date).toBe(today);
    expect(after.daily[0]!.date).toBe(after.from);
    // Shenzhen's manager does not see Nanchang's offices.
    const otherCity = await summaryOf(baoan);
    expect(otherCity.counts.every((c) => c.officeCode.startsWith('440306'))).toBe(true);
    expect(issuedAt(otherCity, '360102002')).toBe(0);
    expect(otherCity.issuance.issued).toBe(otherCityBefore.issuance.issued);
  });

  it('counts from a tally the database keeps equal to the cases themselves, whoever writes them', async () => {
    // One statement, one snapshot: the tally and a count of the tables at the same moment, while other
    // files open, move and transfer cases in the same database.
    const differences = await stack().db.query(
      `WITH actual AS (
         SELECT 'certificate-application' AS case_type, office_code, state, count(*) AS cases FROM certificate_application GROUP BY 2, 3
         UNION ALL SELECT 'service-report', filing_office_code, state, count(*) FROM service_report GROUP BY 2, 3
         UNION ALL SELECT 'residence-registration', residence_office_code, state, count(*) FROM residence_registration GROUP BY 2, 3)
       SELECT coalesce(a.case_type, t.case_type) AS case_type, coalesce(a.office_code, t.office_code) AS office_code,
              coalesce(a.state, t.state) AS state, a.cases AS actual, t.cases AS tallied
         FROM actual a FULL JOIN (SELECT * FROM case_state_count WHERE cases <> 0) t USING (case_type, office_code, state)
        WHERE a.cases IS DISTINCT FROM t.cases`,
    );
    expect(differences).toEqual([]);
    const [{ n }] = (await stack().db.query(`SELECT count(*)::int AS n FROM case_state_count WHERE cases > 0`)) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
  });

  it('is for managers only', async () => {
    expectProblem(await caseworker.get('/api/v1/monitoring/summary'), 403, 'ROLE_NOT_PERMITTED');
  });
});
