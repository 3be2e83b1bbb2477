/**
 * Which IP addresses Passage may send a webhook to. An office admin chooses the webhook address, so without
 * this rule the worker would POST wherever they point it: the cloud's metadata service, Temporal's or
 * PostgreSQL's port on the worker's own network, any host behind the firewall, and the outcome (refused,
 * timed out, answered) would tell them what is there. Public addresses are allowed; every other range is
 * refused unless the operator names it in WEBHOOK_ALLOWED_NETWORKS (an office's own system is often on a
 * private network, reached over a VPN: that is the operator's decision, made explicitly). A few kinds are
 * never a receiver, allow-list or not.
 */
import { ipInNetwork, ipv4MappedAddress, parseIpNetwork, type IpAddress, type IpNetwork } from './ip-address';

export const REFUSED_ADDRESS_KINDS = [
  'loopback',
  'private',
  'link-local',
  'unique-local',
  'metadata',
  'unspecified',
  'multicast',
  'broadcast',
  'reserved',
] as const;
export type RefusedAddressKind = (typeof REFUSED_ADDRESS_KINDS)[number];
export type AddressKind = RefusedAddressKind | 'public';

/**
 * Kinds the allow-list cannot open: no webhook receiver lives at a cloud metadata service (whose answers
 * carry the machine's credentials), at "this host" (0.0.0.0 and :: connect to the local machine on Linux),
 * or at a multicast or broadcast address. Naming 0.0.0.0/0 therefore still keeps these closed.
 */
const NEVER_ALLOWED: ReadonlySet<AddressKind> = new Set<AddressKind>(['metadata', 'unspecified', 'multicast', 'broadcast']);

export type WebhookAddressDecision = { allowed: true } | { allowed: false; kind: RefusedAddressKind };

type RangeTable = ReadonlyArray<readonly [IpNetwork, RefusedAddressKind]>;

function network(text: string): IpNetwork {
  const parsed = parseIpNetwork(text);
  if (!('network' in parsed)) throw new Error(`bad built-in network ${text}`);
  return parsed.network;
}

function table(entries: ReadonlyArray<readonly [string, RefusedAddressKind]>): RangeTable {
  return entries.map(([text, kind]) => [network(text), kind] as const);
}

/**
 * Cloud instance metadata endpoints, looked up before their enclosing ranges so that the refusal names them:
 * the common one (AWS, GCP, Azure, Huawei, …), AWS ECS task metadata, Tencent Cloud, Alibaba Cloud, Azure's
 * host "wire server" (a public address), Oracle Cloud, and the IPv6 ones of AWS and GCP.
 */
const METADATA: RangeTable = table([
  ['169.254.169.254/32', 'metadata'],
  ['169.254.170.2/32', 'metadata'],
  ['169.254.0.23/32', 'metadata'],
  ['100.100.100.200/32', 'metadata'],
  ['168.63.129.16/32', 'metadata'],
  ['192.0.0.192/32', 'metadata'],
  ['fd00:ec2::254/128', 'metadata'],
  ['fd20:ce::254/128', 'metadata'],
]);

/** IANA's IPv4 special-purpose registry (RFC 6890 and successors): what is not globally reachable. */
const IPV4: RangeTable = table([
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'private'], // shared address space (carrier-grade NAT), RFC 6598
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.0.2.0/24', 'reserved'], // documentation
  ['192.88.99.0/24', 'reserved'], // 6to4 relay anycast, deprecated
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'], // benchmarking
  ['198.51.100.0/24', 'reserved'], // documentation
  ['203.0.113.0/24', 'reserved'], // documentation
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

/** IPv6 ranges that are not global unicast; anything outside 2000::/3 not listed here is reserved too. */
const IPV6: RangeTable = table([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'private'], // local-use NAT64, RFC 8215
  ['100::/64', 'reserved'], // discard-only
  ['2001::/23', 'reserved'], // IETF protocol assignments (Teredo among them)
  ['2001:db8::/32', 'reserved'], // documentation
  ['3fff::/20', 'reserved'], // documentation, RFC 9637
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], // site-local, deprecated
  ['ff00::/8', 'multicast'],
]);

const GLOBAL_UNICAST = network('2000::/3');
const NAT64 = network('64:ff9b::/96');
const SIX_TO_FOUR = network('2002::/16');

function lookUp(ip: IpAddress, ranges: RangeTable): RefusedAddressKind | null {
  for (const [network, kind] of ranges) if (ipInNetwork(ip, network)) return kind;
  return null;
}

/**
 * What kind of address this is. An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is the IPv4 address it
 * maps (the socket reaches exactly that). Translation prefixes that carry an IPv4 address (NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the IPv4 address inside: the gateway would forward there.
 */
export function addressKind(ip: IpAddress): AddressKind {
  const mapped = ipv4MappedAddress(ip);
  if (mapped) return addressKind(mapped);
  const metadata = lookUp(ip, METADATA);
  if (metadata) return metadata;
  if (ip.version === 4) return lookUp(ip, IPV4) ?? 'public';
  const listed = lookUp(ip, IPV6);
  if (listed) return listed;
  if (ipInNetwork(ip, NAT64)) return addressKind({ version: 4, bytes: ip.bytes.slice(12, 16) });
  if (ipInNetwork(ip, SIX_TO_FOUR)) return addressKind({ version: 4, bytes: ip.bytes.slice(2, 6) });
  return ipInNetwork(ip, GLOBAL_UNICAST) ? 'public' : 'reserved';
}

/**
 * Whether a webhook may connect to `ip`: public addresses always, others only inside a network of the
 * operator's allow-list (and never the kinds no receiver can be). An IPv4-mapped address matches the
 * allow-list as the IPv4 address it is.
 */
export function webhookAddressDecision(ip: IpAddress, allowedNetworks: readonly IpNetwork[]): WebhookAddressDecision {
  const kind = addressKind(ip);
  if (kind === 'public') return { allowed: true };
  if (NEVER_ALLOWED.has(kind)) return { allowed: false, kind };
  const candidates = [ip, ipv4MappedAddress(ip)].filter((a): a is IpAddress => a !== null);
  const listed = allowedNetworks.some((allowed) => candidates.some((candidate) => ipInNetwork(candidate, allowed)));
  return listed ? { allowed: true } : { allowed: false, kind };
}

/**
 * The operator's allow-list: comma-separated networks (`10.20.0.0/16, fd00:1::/48`, a bare address for one
 * host), blanks ignored. The first bad entry is answered with what is wrong with it, for the start-up error.
 */
export function parseNetworkList(text: string): { networks: IpNetwork[] } | { entry: string; problem: string } {
  const networks: IpNetwork[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const parsed = parseIpNetwork(entry);
    if ('problem' in parsed) return { entry, problem: parsed.problem };
    networks.push(parsed.network);
  }
  return { networks };
}
