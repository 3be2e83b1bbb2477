import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { webhookAllowedNetworks, type PassageConfig } from '../../../../libs/config';
import { OfficesRepository, WebhooksRepository } from '../../../../libs/db';
import { DomainError, isWithinJurisdiction, jurisdictionOf, validationFailed, type ActingUser } from '../../../../libs/domain';
import type { HostResolver, WebhookAddressRules } from '../../../../libs/network';
import { CONFIG, HOST_RESOLVER } from '../core/tokens';
import type { WebhookRegisteredView } from './webhook.dto';
import { WebhookView } from './webhook.dto';
import { assertWebhookAddressAllowed } from './webhook-address-check';
import { webhookUrlViolation } from './webhook-url';

/**
 * An office's webhook: where its notifications are pushed, signed with a secret only the office knows.
 * Visible within jurisdiction; registered, replaced and removed by the office's own admin.
 */
@Injectable()
export class WebhooksService {
  private readonly addressRules: WebhookAddressRules;

  constructor(
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(WebhooksRepository) private readonly webhooks: WebhooksRepository,
    @Inject(OfficesRepository) private readonly offices: OfficesRepository,
    @Inject(HOST_RESOLVER) resolveHost: HostResolver,
  ) {
    this.addressRules = { allowedNetworks: webhookAllowedNetworks(config), resolveHost };
  }

  async get(actor: ActingUser, officeCode: string): Promise<WebhookView> {
    await this.requireOffice(actor, officeCode);
    const webhook = await this.webhooks.forOffice(officeCode);
    if (!webhook) throw new DomainError('NOT_FOUND', `Office ${officeCode} has no webhook.`);
    return WebhookView.of(webhook);
  }

  /** Registers or replaces the webhook with a new secret, answered this once. Deliveries in progress sign with the new one from their next attempt. */
  async put(actor: ActingUser, officeCode: string, url: string): Promise<WebhookRegisteredView> {
    await this.requireOfficeAdmin(actor, officeCode);
    const violation = webhookUrlViolation(url, this.config.NODE_ENV === 'production');
    if (violation) throw validationFailed([violation], 'The webhook address is not acceptable.');
    await assertWebhookAddressAllowed(url, this.addressRules);
    const secret = randomBytes(32).toString('base64url');
    await this.webhooks.put(officeCode, url, secret);
    return { officeCode, url, secret };
  }

  async remove(actor: ActingUser, officeCode: string): Promise<void> {
    await this.requireOfficeAdmin(actor, officeCode);
    if (!(await this.webhooks.remove(officeCode))) throw new DomainError('NOT_FOUND', `Office ${officeCode} has no webhook.`);
  }

  private async requireOffice(actor: ActingUser, officeCode: string): Promise<void> {
    if (!isWithinJurisdiction(jurisdictionOf(actor), officeCode) || !(await this.offices.findByCode(officeCode))) {
      throw new DomainError('NOT_FOUND', `No office has code ${officeCode}.`);
    }
  }

  private async requireOfficeAdmin(actor: ActingUser, officeCode: string): Promise<void> {
    await this.requireOffice(actor, officeCode);
    if (actor.role !== 'office-admin' || actor.officeCode !== officeCode) {
      throw new DomainError('ROLE_NOT_PERMITTED', 'Only the office admin of this office may change its webhook.', { role: actor.role, action: 'webhook' });
    }
  }
}
