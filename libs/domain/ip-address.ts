/**
 * IP addresses and networks as bytes (4 for IPv4, 16 for IPv6), parsed here rather than with Node's net
 * module so that the rules built on them (which addresses a webhook may reach) stay pure and testable.
 */

export interface IpAddress {
  readonly version: 4 | 6;
  /** Network byte order: 4 bytes for IPv4, 16 for IPv6. */
  readonly bytes: readonly number[];
}

/** An address with a prefix length: every address whose first `prefix` bits are those of `address`. */
export interface IpNetwork {
  readonly address: IpAddress;
  readonly prefix: number;
}

const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * Strict dotted-quad IPv4 (`10.20.0.1`): four decimal octets, no leading zeros (`010` would be octal to
 * some parsers and decimal to others, so it is refused rather than guessed).
 */
export function parseIpv4(text: string): IpAddress | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => DECIMAL_OCTET.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? { version: 4, bytes } : null;
}

/** IPv6 in any textual form of RFC 4291 (`::1`, `fd00::1`, `::ffff:10.0.0.1`), without a zone (`%eth0`). */
export function parseIpv6(text: string): IpAddress | null {
  if (text.length === 0 || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        // An embedded IPv4 (the last 32 bits) is written as a dotted quad.
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        out.push((v4.bytes[0]! << 8) | v4.bytes[1]!, (v4.bytes[2]! << 8) | v4.bytes[3]!);
      } else {
        if (!HEX_GROUP.test(piece)) return null;
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  // An embedded IPv4 may only end the address, i.e. sit in the last half.
  if (halves.length === 2 && halves[0]!.includes('.')) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return null;
    groups = head;
  }
  return { version: 6, bytes: groups.flatMap((g) => [g >> 8, g & 0xff]) };
}

/** A strict IPv4 or IPv6 address (the forms a resolver answers and an operator writes), else null. */
export function parseIpAddress(text: string): IpAddress | null {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/**
 * The address a URL host or a host name stands for when it is written as a number, else null (a name, to
 * be resolved). Besides `[IPv6]` and dotted quads this reads the legacy forms that `inet_aton` and the
 * WHATWG URL parser accept: one to four parts, each decimal, `0x` hex or `0`-prefixed octal, the last one
 * filling the remaining bytes: `2130706433`, `0x7f000001`, `017700000001`, `127.1` are all 127.0.0.1.
 * Node's URL parser already rewrites these to dotted quads; reading them here too means no code path that
 * skips the URL parser can smuggle a loopback address past the rule as a "name".
 */
export function parseHostAddress(host: string): IpAddress | null {
  if (host.startsWith('[') && host.endsWith(']')) return parseIpv6(host.slice(1, -1));
  if (host.includes(':')) return parseIpv6(host);
  const parts = host.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // a trailing dot, as in `127.0.0.1.`
  if (parts.length < 1 || parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const value = legacyNumber(part);
    if (value === null) return null;
    numbers.push(value);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return null;
  let value = last;
  numbers.forEach((n, i) => (value += n * 256 ** (3 - i)));
  return { version: 4, bytes: [Math.floor(value / 2 ** 24) % 256, Math.floor(value / 2 ** 16) % 256, Math.floor(value / 2 ** 8) % 256, value % 256] };
}

function legacyNumber(part: string): number | null {
  let digits = part;
  let radix = 10;
  if (/^0[xX]/.test(part)) {
    digits = part.slice(2);
    radix = 16;
    if (digits === '') return 0; // `0x` alone is zero to the WHATWG parser
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
  }
  const pattern = radix === 16 ? /^[0-9A-Fa-f]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!pattern.test(digits) || digits.length > 32) return null;
  const value = Number.parseInt(digits, radix);
  return Number.isSafeInteger(value) ? value : null;
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:a.b.c.d`), else null. */
export function ipv4MappedAddress(ip: IpAddress): IpAddress | null {
  if (ip.version !== 6) return null;
  const b = ip.bytes;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return null;
  return b[10] === 0xff && b[11] === 0xff ? { version: 4, bytes: b.slice(12, 16) } : null;
}

/** True when the first `prefix` bits of both agree (same IP version only). */
export function ipInNetwork(ip: IpAddress, network: IpNetwork): boolean {
  if (ip.version !== network.address.version) return false;
  const full = Math.floor(network.prefix / 8);
  for (let i = 0; i < full; i++) if (ip.bytes[i] !== network.address.bytes[i]) return false;
  const rest = network.prefix % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (ip.bytes[full]! & mask) === (network.address.bytes[full]! & mask);
}

/**
 * `10.20.0.0/16`, `fd00:1::/48`, or a single address (`/32` or `/128` implied). The address must be the
 * network's first one: `10.0.0.1/8` is refused (did the operator mean one host or the whole /8?).
 */
export function parseIpNetwork(text: string): { network: IpNetwork } | { problem: string } {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (!address) return { problem: 'is not an IP address or network (e.g. 10.20.0.0/16 or fd00:1::/48)' };
  const width = address.version === 4 ? 32 : 128;
  let prefix = width;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > width) {
      return { problem: `has a prefix length that is not a whole number from 0 to ${width}` };
    }
    prefix = Number(prefixText);
  }
  const first = networkStart(address, prefix);
  if (first.bytes.some((b, i) => b !== address.bytes[i])) {
    return { problem: `has bits set after its /${prefix} prefix (the network is ${formatIpAddress(first)}/${prefix})` };
  }
  return { network: { address, prefix } };
}

function networkStart(ip: IpAddress, prefix: number): IpAddress {
  const bytes = ip.bytes.map((b, i) => {
    const bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - bitsHere)) & 0xff);
  });
  return { version: ip.version, bytes };
}

/** Dotted quad, or RFC 5952 IPv6 (lower case, the longest run of two or more zero groups as `::`). */
export function formatIpAddress(ip: IpAddress): string {
  if (ip.version === 4) return ip.bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
