import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from '../../libs/network';

export interface WebhookPost {
  url: URL;
  headers: Record<string, string>;
  body: string;
  /** Where the connection may go: the addresses checkedWebhookAddresses answered for the url's host. */
  addresses: readonly ResolvedAddress[];
  /** Ends the request (the connection included) when it takes too long. */
  signal: AbortSignal;
}

/**
 * POSTs the body and answers the HTTP status; the body of the answer is not read. The socket connects to
 * the checked addresses only: the lookup handed to the connection answers them instead of resolving the
 * name again (a second resolution could answer differently: DNS rebinding). Host header, TLS server name
 * and certificate check still use the URL's host name. Node's http client rather than fetch: the fetch
 * built into Node 20 takes no connection options, and undici, which would, is not a dependency. No
 * connection pooling (agent: false): a pooled socket would skip the lookup, and webhooks are not frequent
 * enough to need one. Redirects are not followed (a 3xx is the receiver's answer).
 */
export function postToCheckedAddresses(post: WebhookPost): Promise<number> {
  const { url, addresses, signal } = post;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    const candidates = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
    const first = candidates[0];
    if (!first) {
      callback(Object.assign(new Error('no checked address of the family asked for'), { code: 'ENOTFOUND' }), '', 0);
    } else if (options.all) {
      callback(null, candidates.map((a) => ({ address: a.address, family: a.family })));
    } else {
      callback(null, first.address, first.family);
    }
  };
  const options: RequestOptions = {
    method: 'POST',
    // URL keeps the brackets of an IPv6 host; the socket wants the bare address.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
    lookup,
    agent: false,
    signal,
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const request: ClientRequest = send(options, (response: IncomingMessage) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    request.on('error', reject);
    request.end(post.body);
  });
}
