/** IP parsing in the domain library (libs/domain/ip-address.ts): strict forms, legacy host numbers, networks. */
import { formatIpAddress, ipInNetwork, ipv4MappedAddress, parseHostAddress, parseIpAddress, parseIpNetwork, type IpNetwork } from '../../../libs/domain';

const text = (host: string): string | null => {
  const ip = parseHostAddress(host);
  return ip ? formatIpAddress(ip) : null;
};
const network = (t: string): IpNetwork => {
  const parsed = parseIpNetwork(t);
  if (!('network' in parsed)) throw new Error(parsed.problem);
  return parsed.network;
};

describe('parseIpAddress (strict)', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::1', 'fe80::1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ])('reads %s as %s', (input, formatted) => {
    const ip = parseIpAddress(input);
    expect(ip && formatIpAddress(ip)).toBe(formatted);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '010.0.0.1', '1.2.3.04', ' 1.2.3.4', '1.2.3.4/8', 'example.org', '2130706433', '0x7f000001',
    ':::', '1::2::3', ':1::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', '12345::', 'g::1', '1.2.3.4::', '::1.2.3', 'fe80::1%eth0', '[::1]'])(
    'refuses %j',
    (input) => {
      expect(parseIpAddress(input)).toBeNull();
    },
  );
});

describe('parseHostAddress (what a URL host or host name stands for)', () => {
  it.each([
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0X7F000001', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['127.0.0.1.', '127.0.0.1'],
    ['0', '0.0.0.0'],
    ['0x', '0.0.0.0'],
    ['169.254.169.254', '169.254.169.254'],
    ['2852039166', '169.254.169.254'],
    ['10.0.0.1', '10.0.0.1'],
    ['167772161', '10.0.0.1'],
    ['[::1]', '::1'],
    ['[::ffff:7f00:1]', '::ffff:7f00:1'],
    ['::1', '::1'],
    ['4294967295', '255.255.255.255'],
  ])('reads %s as %s', (host, address) => {
    expect(text(host)).toBe(address);
  });

  it("agrees with Node's URL parser on the numeric forms it rewrites", () => {
    for (const host of ['2130706433', '0x7f000001', '017700000001', '127.1', '0x7f.1', '0177.0.0.1', '0', '2852039166']) {
      expect(text(host)).toBe(new URL(`http://${host}/`).hostname);
    }
  });

  it.each(['example.org', 'localhost', '127.0.0.1.nip.io', '1.2.3.4.5', '4294967296', '256.1', '1.256.1', '08', '0x1g', '1..2', '', 'a.1', '[fe80::1%25eth0]', '[1.2.3.4]'])(
    'reads %j as a name (or nothing), not an address',
    (host) => {
      expect(parseHostAddress(host)).toBeNull();
    },
  );
});

describe('networks', () => {
  it('matches by prefix, whole and partial bytes, same version only', () => {
    const ip = (t: string) => parseIpAddress(t)!;
    expect(ipInNetwork(ip('10.1.2.3'), network('10.0.0.0/8'))).toBe(true);
    expect(ipInNetwork(ip('11.0.0.0'), network('10.0.0.0/8'))).toBe(false);
    expect(ipInNetwork(ip('172.31.255.255'), network('172.16.0.0/12'))).toBe(true);
    expect(ipInNetwork(ip('172.32.0.0'), network('172.16.0.0/12'))).toBe(false);
    expect(ipInNetwork(ip('127.0.0.1'), network('127.0.0.1'))).toBe(true);
    expect(ipInNetwork(ip('127.0.0.2'), network('127.0.0.1/32'))).toBe(false);
    expect(ipInNetwork(ip('8.8.8.8'), network('0.0.0.0/0'))).toBe(true);
    expect(ipInNetwork(ip('fd12:3456::1'), network('fc00::/7'))).toBe(true);
    expect(ipInNetwork(ip('fe00::1'), network('fc00::/7'))).toBe(false);
    expect(ipInNetwork(ip('::ffff:10.0.0.1'), network('10.0.0.0/8'))).toBe(false); // versions differ: mapping is the policy's job
  });

  it('reads the IPv4 address of an IPv4-mapped one', () => {
    expect(formatIpAddress(ipv4MappedAddress(parseIpAddress('::ffff:169.254.169.254')!)!)).toBe('169.254.169.254');
    expect(ipv4MappedAddress(parseIpAddress('::169.254.169.254')!)).toBeNull();
    expect(ipv4MappedAddress(parseIpAddress('10.0.0.1')!)).toBeNull();
  });

  it.each([
    ['10.0.0.1/8', /bits set after its \/8 prefix \(the network is 10\.0\.0\.0\/8\)/],
    ['fd00::1/8', /the network is fd00::\/8/],
    ['10.0.0.0/33', /prefix length/],
    ['::/129', /prefix length/],
    ['10.0.0.0/', /prefix length/],
    ['10.0.0.0/08', /prefix length/],
    ['10.0.0.0/-1', /prefix length/],
    ['10.0.0/8', /not an IP address/],
    ['localhost', /not an IP address/],
    ['2130706433/32', /not an IP address/],
  ])('refuses the network %j, saying why', (input, problem) => {
    const parsed = parseIpNetwork(input);
    expect('problem' in parsed && parsed.problem).toMatch(problem);
  });
});
