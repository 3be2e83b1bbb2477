import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request } from 'express';
import type { RequestOrigin } from '../../../../libs/db';
import { formatIpAddress, ipv4MappedAddress, parseIpAddress } from '../../../../libs/domain';

/**
 * Where the request being served came from, for every audit entry written while serving it (services
 * record entries without holding the request). Set by the AuditInterceptor around each handler.
 */
const storage = new AsyncLocalStorage<RequestOrigin>();

export function runWithOrigin<T>(origin: RequestOrigin, fn: () => T): T {
  return storage.run(origin, fn);
}

export function currentOrigin(): RequestOrigin | null {
  return storage.getStore() ?? null;
}

/**
 * The client address as express resolves it (`req.ip`: the socket's peer, or the nearest address in
 * X-Forwarded-For not from a trusted proxy, per HTTP_TRUSTED_PROXIES), an IPv4-mapped address written as
 * IPv4; and the user agent as sent.
 */
export function originOf(request: Request): RequestOrigin {
  const parsed = request.ip ? parseIpAddress(request.ip) : null;
  const address = parsed ? (ipv4MappedAddress(parsed) ?? parsed) : null;
  const userAgent = request.headers['user-agent'];
  return { ip: address ? formatIpAddress(address) : null, userAgent: typeof userAgent === 'string' && userAgent !== '' ? userAgent : null };
}
