/**
 * The host resolver of test stacks: `localhost` is loopback, every other name does not exist. Tests must
 * send no DNS query (the resolver the machine is configured with is not theirs to contact), and the
 * webhook addresses they register (oa.example.gov.cn, generated ones) must never be reached: registration
 * accepts a name that does not resolve, and a delivery to it fails as dns-failure without a packet sent.
 * A test that needs a name to answer gives its own resolver (see webhook-address.spec.ts).
 */
import type { HostResolver } from '../../libs/network';

export const offlineResolver: HostResolver = async (hostname) => {
  if (hostname.toLowerCase().replace(/\.$/, '') === 'localhost') {
    return [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ];
  }
  throw Object.assign(new Error(`offline resolver: ${hostname} is not known here`), { code: 'ENOTFOUND' });
};

/** A resolver with a fixed answer per name (others do not exist), recording every name it was asked. */
export function fixedResolver(answers: Record<string, readonly string[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`fixed resolver: ${hostname} is not known here`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

/** What integration and workflow stacks allow webhooks to reach: their receivers listen on loopback. */
export const TEST_WEBHOOK_ALLOWED_NETWORKS = '127.0.0.1/32,::1/128';
