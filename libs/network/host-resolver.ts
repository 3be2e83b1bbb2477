import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/**
 * Turns a host name into the addresses a connection would use. Injected wherever a webhook address is
 * checked, so tests answer names themselves (and send no DNS query) while production asks the system.
 */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/**
 * The system resolver (getaddrinfo, as Node's own connections use: /etc/hosts included), every address
 * in the order the system gives them.
 */
export const systemHostResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });
