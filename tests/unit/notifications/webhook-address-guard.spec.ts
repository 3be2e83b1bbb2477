/**
 * Where a webhook request may connect (libs/network/address-guard.ts, activities/notifications/webhook-http.ts
 * and webhook-failure.ts): names are resolved by an injected resolver and every answer checked before any
 * socket exists; the socket then goes to the checked addresses only; failures become a few codes.
 *
 * Nothing here contacts anything but servers it starts on loopback: refused addresses are only ever
 * answered by the fake resolvers, and the request function is never called for them.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeFailureForLog, outcomeOfFailure, webhookFailureCode } from '../../../activities/notifications/webhook-failure';
import { postToCheckedAddresses } from '../../../activities/notifications/webhook-http';
import { storableWebhookFailure } from '../../../libs/contracts';
import { parseNetworkList, type IpNetwork } from '../../../libs/domain';
import { AddressRefusedError, checkedWebhookAddresses, HostUnresolvedError, type HostResolver } from '../../../libs/network';
import { fixedResolver, offlineResolver } from '../../support/offline-resolver';

const networks = (text: string): IpNetwork[] => (parseNetworkList(text) as { networks: IpNetwork[] }).networks;
const rules = (resolveHost: HostResolver, allowed = '') => ({ allowedNetworks: networks(allowed), resolveHost });
const refusal = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'accepted', (error: unknown) => error);

describe('checkedWebhookAddresses', () => {
  it('refuses literal internal addresses without asking the resolver', async () => {
    const resolver = fixedResolver({});
    for (const [host, kind] of [
      ['169.254.169.254', 'metadata'],
      ['127.0.0.1', 'loopback'],
      ['[::1]', 'loopback'],
      ['10.0.0.1', 'private'],
      ['2130706433', 'loopback'],
      ['[::ffff:7f00:1]', 'loopback'],
    ] as const) {
      const error = await refusal(checkedWebhookAddresses(host, rules(resolver)));
      expect(error).toBeInstanceOf(AddressRefusedError);
      expect((error as AddressRefusedError).kind).toBe(kind);
    }
    expect(resolver.asked).toEqual([]);
  });

  it('answers a literal public address, or an allowed internal one, as itself', async () => {
    const resolver = fixedResolver({});
    expect(await checkedWebhookAddresses('8.8.8.8', rules(resolver))).toEqual([{ address: '8.8.8.8', family: 4 }]);
    expect(await checkedWebhookAddresses('[::1]', rules(resolver, '::1/128'))).toEqual([{ address: '::1', family: 6 }]);
    expect(await checkedWebhookAddresses('127.0.0.1', rules(resolver, '127.0.0.1/32'))).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(resolver.asked).toEqual([]);
  });

  it('resolves a name and refuses it when any one of its addresses is refused', async () => {
    const resolver = fixedResolver({
      'metadata.test': ['169.254.169.254'],
      'rebind.test': ['93.184.215.14', '10.0.0.1'],
      'mapped.test': ['::ffff:127.0.0.1'],
      'scoped.test': ['fe80::1%eth0'],
      'garbage.test': ['not-an-address'],
      'public.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    });
    const kindOf = async (host: string, allowed = ''): Promise<string> => {
      const error = await refusal(checkedWebhookAddresses(host, rules(resolver, allowed)));
      return error instanceof AddressRefusedError ? error.kind : String(error);
    };
    expect(await kindOf('metadata.test')).toBe('metadata');
    expect(await kindOf('rebind.test')).toBe('private');
    expect(await kindOf('mapped.test')).toBe('loopback');
    expect(await kindOf('scoped.test')).toBe('link-local');
    expect(await kindOf('garbage.test')).toBe('reserved');
    expect(await checkedWebhookAddresses('public.test', rules(resolver))).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    expect(await checkedWebhookAddresses('rebind.test', rules(resolver, '10.0.0.0/8'))).toHaveLength(2);
  });

  it('reports a name that does not resolve, an empty answer, and a resolver slower than the budget', async () => {
    expect(await refusal(checkedWebhookAddresses('nowhere.test', rules(offlineResolver)))).toMatchObject({ name: 'HostUnresolvedError', code: 'ENOTFOUND' });
    expect(await refusal(checkedWebhookAddresses('empty.test', rules(async () => [])))).toMatchObject({ name: 'HostUnresolvedError', code: 'ENODATA' });
    const never: HostResolver = () => new Promise(() => undefined);
    const slow = await refusal(checkedWebhookAddresses('slow.test', rules(never), AbortSignal.timeout(20)));
    expect(slow).toMatchObject({ name: 'TimeoutError' });
    expect(webhookFailureCode(slow)).toBe('timeout');
  });
});

describe('postToCheckedAddresses', () => {
  let server: Server;
  let port = 0;
  const seen: Array<{ headers: IncomingHttpHeaders; body: string; localAddress: string | undefined }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        seen.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), localAddress: request.socket.localAddress });
        response.writeHead(request.url === '/gone' ? 410 : 204).end();
      });
    });
    // 127.0.0.2, not 127.0.0.1: a request that resolved `localhost` itself instead of using the checked
    // address would go to 127.0.0.1 and find nothing there.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('connects to the checked address, not to what the name resolves to, and keeps the name in the Host header', async () => {
    const status = await postToCheckedAddresses({
      url: new URL(`http://localhost:${port}/in?x=1`),
      addresses: [{ address: '127.0.0.2', family: 4 }],
      headers: { 'content-type': 'application/json' },
      body: '{"a":"é"}',
      signal: AbortSignal.timeout(5_000),
    });
    expect(status).toBe(204);
    expect(seen.at(-1)).toEqual({
      headers: expect.objectContaining({ host: `localhost:${port}`, 'content-type': 'application/json', 'content-length': '10' }),
      body: '{"a":"é"}',
      localAddress: '127.0.0.2',
    });
    const gone = await postToCheckedAddresses({
      url: new URL(`http://127.0.0.2:${port}/gone`),
      addresses: [{ address: '127.0.0.2', family: 4 }],
      headers: {},
      body: '',
      signal: AbortSignal.timeout(5_000),
    });
    expect(gone).toBe(410);
  });

  it('fails as connection-refused where nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await refusal(
      postToCheckedAddresses({ url: new URL(`http://127.0.0.1:${freePort}/`), addresses: [{ address: '127.0.0.1', family: 4 }], headers: {}, body: '', signal: AbortSignal.timeout(5_000) }),
    );
    expect(webhookFailureCode(error)).toBe('connection-refused');
  });
});

describe('webhookFailureCode', () => {
  const coded = (code: string, name = 'Error'): Error => Object.assign(new Error(`${code} 10.0.0.1:22`), { code, name });

  it.each([
    ['an address refused by the policy', 'address-refused', new AddressRefusedError('metadata')],
    ['a name that did not resolve', 'dns-failure', new HostUnresolvedError('ENOTFOUND')],
    ['ENOTFOUND', 'dns-failure', coded('ENOTFOUND')],
    ['EAI_AGAIN', 'dns-failure', coded('EAI_AGAIN')],
    ['ECONNREFUSED', 'connection-refused', coded('ECONNREFUSED')],
    ['ECONNREFUSED from every address tried', 'connection-refused', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')])],
    ['ETIMEDOUT', 'timeout', coded('ETIMEDOUT')],
    ['an aborted request', 'timeout', Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' })],
    ['the timeout signal', 'timeout', new DOMException('signal timed out', 'TimeoutError')],
    ['CERT_HAS_EXPIRED', 'tls-error', coded('CERT_HAS_EXPIRED')],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls-error', coded('DEPTH_ZERO_SELF_SIGNED_CERT')],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls-error', coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE')],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls-error', coded('ERR_TLS_CERT_ALTNAME_INVALID')],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls-error', coded('ERR_SSL_WRONG_VERSION_NUMBER')],
    ['ECONNRESET', 'network-error', coded('ECONNRESET')],
    ['EHOSTUNREACH', 'network-error', coded('EHOSTUNREACH')],
    ['a wrapped ECONNREFUSED', 'connection-refused', new TypeError('fetch failed', { cause: coded('ECONNREFUSED') })],
    ['an error without a code', 'network-error', new Error('socket hang up')],
    ['a thrown string', 'network-error', 'a string'],
  ])('%s is %s', (_label, code, error) => {
    expect(webhookFailureCode(error)).toBe(code);
  });

  it('makes only a refused address permanent', () => {
    expect(outcomeOfFailure('address-refused')).toBe('permanent');
    for (const code of ['connection-refused', 'timeout', 'tls-error', 'dns-failure', 'network-error'] as const) expect(outcomeOfFailure(code)).toBe('retry');
  });

  it('logs class, code and kind, never the message', () => {
    expect(describeFailureForLog(coded('ECONNREFUSED'))).toEqual({ errorName: 'Error', errorCode: 'ECONNREFUSED' });
    expect(describeFailureForLog(new AddressRefusedError('private'))).toEqual({ errorName: 'AddressRefusedError', errorCode: 'ERR_WEBHOOK_ADDRESS_REFUSED', addressKind: 'private' });
  });
});

describe('storableWebhookFailure', () => {
  it('keeps statuses and codes, and turns any other text into network-error', () => {
    expect(storableWebhookFailure(null)).toBeNull();
    expect(storableWebhookFailure('HTTP 503')).toBe('HTTP 503');
    expect(storableWebhookFailure('address-refused')).toBe('address-refused');
    expect(storableWebhookFailure('request-activity-failed')).toBe('request-activity-failed');
    expect(storableWebhookFailure('TypeError: fetch failed')).toBe('network-error');
    expect(storableWebhookFailure('Error: connect ECONNREFUSED 127.0.0.1:22')).toBe('network-error');
    expect(storableWebhookFailure('HTTP 503 from 10.0.0.1')).toBe('network-error');
  });
});
