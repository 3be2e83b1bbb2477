import { formatIpAddress, parseHostAddress, parseIpAddress, webhookAddressDecision, type IpAddress, type IpNetwork, type RefusedAddressKind } from '../domain';
import type { HostResolver, ResolvedAddress } from './host-resolver';

/** What a webhook's address is checked against: the operator's allow-list and how names are resolved. */
export interface WebhookAddressRules {
  allowedNetworks: readonly IpNetwork[];
  resolveHost: HostResolver;
}

/** The host is, or resolves to, an address Passage does not send to. No retry changes that. */
export class AddressRefusedError extends Error {
  override readonly name = 'AddressRefusedError';
  readonly code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
  constructor(readonly kind: RefusedAddressKind) {
    super(`the webhook address is ${kind}: not sent to unless WEBHOOK_ALLOWED_NETWORKS names it`);
  }
}

/** The name did not resolve (no such name, no address, the resolver failed or took too long). */
export class HostUnresolvedError extends Error {
  override readonly name = 'HostUnresolvedError';
  constructor(
    /** The resolver's error code (ENOTFOUND, EAI_AGAIN, …) or 'ENODATA' when it answered no address. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`the webhook host did not resolve (${code})`, options);
  }
}

/**
 * The addresses a webhook may connect to for `host` (a URL hostname: a name, a dotted quad or `[IPv6]`):
 * the host itself when it is an address, else every address the resolver answers. Refused when any one of
 * them is refused, not only all: a connection may go to any of them (Node tries them in turn), and a name
 * answering one public and one internal address is how DNS rebinding slips past a check. The caller then
 * connects to exactly these addresses, without resolving again, so the answer checked is the one used.
 */
export async function checkedWebhookAddresses(host: string, rules: WebhookAddressRules, signal?: AbortSignal): Promise<ResolvedAddress[]> {
  const literal = parseHostAddress(host);
  if (literal) return [checked(literal, rules.allowedNetworks)];
  let answered: readonly ResolvedAddress[];
  try {
    answered = await abortable(rules.resolveHost(host), signal);
  } catch (error) {
    if (signal?.aborted && error === signal.reason) throw error;
    const code = (error as { code?: unknown }).code;
    throw new HostUnresolvedError(typeof code === 'string' ? code : 'ERESOLVE', { cause: error });
  }
  if (answered.length === 0) throw new HostUnresolvedError('ENODATA');
  return answered.map(({ address }) => {
    // A scoped answer (fe80::1%eth0) is judged by its address; link-local is refused whatever the scope.
    const ip = parseIpAddress(address.replace(/%.*$/, ''));
    if (!ip) throw new AddressRefusedError('reserved');
    return checked(ip, rules.allowedNetworks);
  });
}

function checked(ip: IpAddress, allowedNetworks: readonly IpNetwork[]): ResolvedAddress {
  const decision = webhookAddressDecision(ip, allowedNetworks);
  if (!decision.allowed) throw new AddressRefusedError(decision.kind);
  return { address: formatIpAddress(ip), family: ip.version };
}

/** The resolver's answer, or the signal's reason once it aborts (getaddrinfo itself cannot be cancelled). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
