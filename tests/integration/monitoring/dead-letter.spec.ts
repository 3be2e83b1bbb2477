/**
 * A notification nobody's system will take, on the managers' stuck list: 西乡街道 (440306018) registers a
 * webhook that answers 410 Gone; a residence file transferred there tells it so, the push is dead-lettered,
 * and 宝安区's manager (above 西乡街道) sees the item with the case number, while 东湖区's manager (another
 * city) does not. Shared database: the webhook is removed in afterAll.
 */
import { WebhooksRepository } from '../../../libs/db';
import { toChinaCalendarDate } from '../../../libs/domain';
import { as, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { always, startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';
import { withCheckCharacter } from '../certificate-applications/case-helpers';
import { expectStatus } from '../service-reports/report-helpers';

const XIXIANG = '440306018';
const SECRET = 'whsec-integration-monitoring-dead-letter';

interface StuckItem {
  reason: string;
  caseId: string | null;
  caseNumber: string | null;
  officeCode: string;
  notificationId?: string;
  explanation: string;
}

describe('monitoring: a dead-lettered notification', () => {
  const stack = useTestStack();
  let receiver: WebhookReceiver | undefined;
  let residence: AuthedClient;
  let baoan: AuthedClient;
  let donghu: AuthedClient;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET, script: always(410) });
    await new WebhooksRepository(stack().db).put(XIXIANG, receiver.url, SECRET);
    residence = await as(stack(), 'xinan.caseworker');
    baoan = await as(stack(), 'baoan.manager');
    donghu = await as(stack(), 'donghu.manager');
  });

  afterAll(async () => {
    await new WebhooksRepository(stack().db).remove(XIXIANG).catch(() => undefined);
    await receiver?.close();
  });

  it('is listed for the managers above the office it could not reach, with its case', async () => {
    const person = { identityNumber: withCheckCharacter('36010219781203901'), fullName: '测试人', householdOfficeCode: '360102002' };
    const opened = expectStatus(
      await residence.post('/api/v1/residence-registrations').send({ verification: 'self-declaration', ...person, arrivedOn: toChinaCalendarDate(new Date()) }),
      201,
    ).body as { id: string; caseNumber: string };
    for (let i = 0; ; i++) {
      const file = expectStatus(await residence.get(`/api/v1/residence-registrations/${opened.id}`), 200).body as { state: string };
      if (file.state === 'registered') break;
      if (i > 200) throw new Error('the arrival was never announced');
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expectStatus(await residence.post(`/api/v1/residence-registrations/${opened.id}/transfer`).send({ toOfficeCode: XIXIANG }), 200);

    const until = Date.now() + 30_000;
    let items: StuckItem[] = [];
    while (items.length < 2) {
      const page = expectStatus(await baoan.get('/api/v1/monitoring/stuck').query({ reason: 'notification-dead-lettered', limit: 100 }), 200).body as { items: StuckItem[] };
      items = page.items.filter((item) => item.caseId === opened.id);
      if (Date.now() > until) throw new Error(`not dead-lettered in time: ${JSON.stringify(items)}`);
      if (items.length < 2) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    // Both pushes to 西乡街道 (the transfer notice and the feedback request) went nowhere.
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item).toMatchObject({ officeCode: XIXIANG, caseNumber: opened.caseNumber, notificationId: expect.any(String) });
      expect(item.explanation).toMatch(/could not be delivered to the office’s system/);
      expect(item.explanation).not.toContain(person.fullName);
    }
    const otherCity = expectStatus(await donghu.get('/api/v1/monitoring/stuck').query({ reason: 'notification-dead-lettered', limit: 100 }), 200).body as {
      items: StuckItem[];
    };
    expect(otherCity.items.filter((item) => item.caseId === opened.id)).toEqual([]);
  });
});
