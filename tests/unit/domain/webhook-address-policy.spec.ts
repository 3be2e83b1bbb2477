/**
 * Which addresses a webhook may reach (libs/domain/webhook-address-policy.ts): public ones; the internal
 * ranges only when the operator's allow-list names them; metadata, unspecified, multicast and broadcast never.
 */
import { addressKind, parseHostAddress, parseNetworkList, webhookAddressDecision, type IpNetwork } from '../../../libs/domain';

const kindOf = (host: string): string => addressKind(parseHostAddress(host)!);
const networks = (text: string): IpNetwork[] => {
  const parsed = parseNetworkList(text);
  if (!('networks' in parsed)) throw new Error(parsed.problem);
  return parsed.networks;
};
const decide = (host: string, allowed = ''): ReturnType<typeof webhookAddressDecision> =>
  webhookAddressDecision(parseHostAddress(host)!, networks(allowed));

describe('addressKind', () => {
  it.each([
    // The examples, in every spelling that reaches the same socket.
    ['169.254.169.254', 'metadata'],
    ['2852039166', 'metadata'],
    ['[::ffff:169.254.169.254]', 'metadata'],
    ['127.0.0.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['017700000001', 'loopback'],
    ['127.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['[::1]', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['[0:0:0:0:0:ffff:7f00:1]', 'loopback'],
    ['10.0.0.1', 'private'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['169.254.1.1', 'link-local'],
    ['[fe80::1]', 'link-local'],
    ['[febf::1]', 'link-local'],
    ['[fc00::1]', 'unique-local'],
    ['[fd12:3456:789a::1]', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['[::]', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['[ff02::1]', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['[2001:db8::1]', 'reserved'],
    ['[2001::1]', 'reserved'],
    ['[100::1]', 'reserved'],
    ['[::127.0.0.1]', 'reserved'], // IPv4-compatible, deprecated
    ['[5f00::1]', 'reserved'],
    ['[fec0::1]', 'private'],
    ['[64:ff9b:1::1]', 'private'],
    // Cloud metadata services, wherever they sit.
    ['169.254.170.2', 'metadata'],
    ['169.254.0.23', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['192.0.0.192', 'metadata'],
    ['[fd00:ec2::254]', 'metadata'],
    ['[fd20:ce::254]', 'metadata'],
    // Translation prefixes are judged by the IPv4 address they carry.
    ['[64:ff9b::7f00:1]', 'loopback'],
    ['[64:ff9b::a9fe:a9fe]', 'metadata'],
    ['[64:ff9b::808:808]', 'public'],
    ['[2002:7f00:1::1]', 'loopback'],
    ['[2002:a00:1::]', 'private'],
    ['[2002:808:808::1]', 'public'],
    // Public.
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['169.253.255.255', 'public'],
    ['11.0.0.0', 'public'],
    ['223.255.255.255', 'public'],
    ['[2400:3200::1]', 'public'],
    ['[2606:4700:4700::1111]', 'public'],
    ['[::ffff:8.8.8.8]', 'public'],
  ])('%s is %s', (host, kind) => {
    expect(kindOf(host)).toBe(kind);
  });
});

describe('webhookAddressDecision', () => {
  it('allows public addresses, with or without an allow-list', () => {
    expect(decide('8.8.8.8')).toEqual({ allowed: true });
    expect(decide('[2606:4700:4700::1111]', '10.0.0.0/8')).toEqual({ allowed: true });
  });

  it('refuses every internal range by default, naming its kind', () => {
    expect(decide('127.0.0.1')).toEqual({ allowed: false, kind: 'loopback' });
    expect(decide('[::1]')).toEqual({ allowed: false, kind: 'loopback' });
    expect(decide('10.0.0.1')).toEqual({ allowed: false, kind: 'private' });
    expect(decide('169.254.169.254')).toEqual({ allowed: false, kind: 'metadata' });
    expect(decide('[fe80::1]')).toEqual({ allowed: false, kind: 'link-local' });
    expect(decide('[fd00::1]')).toEqual({ allowed: false, kind: 'unique-local' });
  });

  it('allows an internal address inside a network the operator names, and only there', () => {
    const allow = '10.20.0.0/16, fd00:1::/48,192.168.5.7';
    expect(decide('10.20.3.4', allow)).toEqual({ allowed: true });
    expect(decide('10.21.0.1', allow)).toEqual({ allowed: false, kind: 'private' });
    expect(decide('[fd00:1::5]', allow)).toEqual({ allowed: true });
    expect(decide('[fd00:2::5]', allow)).toEqual({ allowed: false, kind: 'unique-local' });
    expect(decide('192.168.5.7', allow)).toEqual({ allowed: true });
    expect(decide('192.168.5.8', allow)).toEqual({ allowed: false, kind: 'private' });
    expect(decide('127.0.0.1', '127.0.0.1/32')).toEqual({ allowed: true });
    expect(decide('127.0.0.2', '127.0.0.1/32')).toEqual({ allowed: false, kind: 'loopback' });
    expect(decide('[::1]', '127.0.0.1/32,::1/128')).toEqual({ allowed: true });
  });

  it('matches an IPv4-mapped address against IPv4 networks (it is that IPv4 address)', () => {
    expect(decide('[::ffff:10.20.0.1]', '10.20.0.0/16')).toEqual({ allowed: true });
    expect(decide('[::ffff:10.30.0.1]', '10.20.0.0/16')).toEqual({ allowed: false, kind: 'private' });
    expect(decide('[::ffff:127.0.0.1]', '127.0.0.1/32')).toEqual({ allowed: true });
  });

  it('never allows metadata, unspecified, multicast or broadcast addresses, even inside a named network', () => {
    const everything = '0.0.0.0/0,::/0';
    expect(decide('10.0.0.1', everything)).toEqual({ allowed: true });
    expect(decide('169.254.169.254', everything)).toEqual({ allowed: false, kind: 'metadata' });
    expect(decide('169.254.169.254', '169.254.169.254/32')).toEqual({ allowed: false, kind: 'metadata' });
    expect(decide('100.100.100.200', '100.64.0.0/10')).toEqual({ allowed: false, kind: 'metadata' });
    expect(decide('[fd00:ec2::254]', 'fc00::/7')).toEqual({ allowed: false, kind: 'metadata' });
    expect(decide('0.0.0.0', everything)).toEqual({ allowed: false, kind: 'unspecified' });
    expect(decide('[::]', everything)).toEqual({ allowed: false, kind: 'unspecified' });
    expect(decide('224.0.0.1', everything)).toEqual({ allowed: false, kind: 'multicast' });
    expect(decide('255.255.255.255', everything)).toEqual({ allowed: false, kind: 'broadcast' });
  });
});

describe('parseNetworkList', () => {
  it('reads comma-separated networks, blanks and spaces ignored; empty is none', () => {
    expect(networks('')).toEqual([]);
    expect(networks(' , ')).toEqual([]);
    expect(networks('10.0.0.0/8, ::1/128,')).toHaveLength(2);
  });

  it('answers the first bad entry and what is wrong with it', () => {
    expect(parseNetworkList('10.0.0.0/8,10.0.0.1/8,bad')).toEqual({ entry: '10.0.0.1/8', problem: expect.stringContaining('10.0.0.0/8') });
    expect(parseNetworkList('10.0.0.0/8; 172.16.0.0/12')).toEqual({ entry: '10.0.0.0/8; 172.16.0.0/12', problem: expect.any(String) });
    expect(parseNetworkList('intranet.example')).toEqual({ entry: 'intranet.example', problem: expect.stringContaining('not an IP address') });
  });
});
