import type { WebhookAttemptOutcome, WebhookFailureCode } from '../../libs/contracts';
import { AddressRefusedError, HostUnresolvedError } from '../../libs/network';

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA', 'ESERVFAIL']);
const TLS_CODE = /^(?:ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/;

/**
 * The code a failed webhook request is recorded with: one of a few, whatever the error said. The error's
 * own message (addresses, ports, resolver and TLS wording) is not passed on: the office sees the code, the
 * operator finds the rest in the worker's log.
 */
export function webhookFailureCode(error: unknown): WebhookFailureCode {
  for (const e of causeChain(error)) {
    if (e instanceof AddressRefusedError) return 'address-refused';
    if (e instanceof HostUnresolvedError) return 'dns-failure';
    const { name, code } = e as { name?: unknown; code?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
    if (typeof code !== 'string') continue;
    if (code === 'ECONNREFUSED') return 'connection-refused';
    if (TIMEOUT_CODES.has(code)) return 'timeout';
    if (DNS_CODES.has(code)) return 'dns-failure';
    if (TLS_CODE.test(code)) return 'tls-error';
  }
  return 'network-error';
}

/** A refused address stays refused however often it is tried: dead-letter at once. Anything else may pass. */
export function outcomeOfFailure(code: WebhookFailureCode): WebhookAttemptOutcome {
  return code === 'address-refused' ? 'permanent' : 'retry';
}

/** What of a failure the worker logs: class and code, no message (it may quote the address or the host). */
export function describeFailureForLog(error: unknown): { errorName: string; errorCode?: string; addressKind?: string } {
  const e = error as { name?: unknown; code?: unknown };
  return {
    errorName: typeof e?.name === 'string' ? e.name : typeof error,
    ...(typeof e?.code === 'string' ? { errorCode: e.code } : {}),
    ...(error instanceof AddressRefusedError ? { addressKind: error.kind } : {}),
  };
}

/** The error, its causes, and the errors of an AggregateError (Node tries each address in turn), nearest first. */
function* causeChain(error: unknown): Generator<object> {
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length > 0 && seen < 10; seen++) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null) continue;
    yield current;
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    queue.push(cause, ...(Array.isArray(errors) ? errors : []));
  }
}
