import { DomainError, type RefusedAddressKind } from '../../../../libs/domain';
import { AddressRefusedError, checkedWebhookAddresses, type WebhookAddressRules } from '../../../../libs/network';

/** How long registration waits for the name to resolve before it accepts the address unchecked. */
export const REGISTRATION_LOOKUP_TIMEOUT_MS = 5_000;

/**
 * Refuses, at registration, an address the worker would refuse to connect to: a literal internal address
 * (`http://10.0.0.1/`, `http://[::1]:7233/`, `http://2130706433/` once the URL parser has made it 127.0.0.1)
 * or a name resolving to one (any one of its addresses). This is early feedback for the office admin; the
 * guarantee is the worker's check at every connection, since a DNS answer can change after registration.
 * So a name that does not resolve now (not yet published, a resolver hiccup) is accepted: its deliveries
 * fail as dns-failure until it does, and are checked then.
 *
 * The answer names the kind of range (loopback, private, …), never the address a name resolved to.
 */
export async function assertWebhookAddressAllowed(url: string, rules: WebhookAddressRules): Promise<void> {
  const { hostname } = new URL(url);
  try {
    await checkedWebhookAddresses(hostname, rules, AbortSignal.timeout(REGISTRATION_LOOKUP_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof AddressRefusedError) throw addressRefused(error.kind);
    // Unresolved or too slow: see above.
  }
}

function addressRefused(kind: RefusedAddressKind): DomainError {
  const message =
    `url leads to a ${kind} address: Passage sends webhooks to public addresses only, ` +
    'or to networks the operator allows (WEBHOOK_ALLOWED_NETWORKS)';
  return new DomainError('BUSINESS_RULE_VIOLATED', 'The webhook address is not one Passage sends to.', {
    field: 'url',
    rule: 'public-address',
    addressKind: kind,
    violations: [{ field: 'url', rule: 'public-address', message }],
  });
}
