// Which IP addresses a server-side fetch may connect to: global unicast only. Classified with
// ipaddr.js's registry of special-purpose ranges (IANA IPv4/IPv6 special-purpose registries), not by
// hand: loopback, RFC 1918, link-local (169.254.169.254, the cloud metadata service, among them),
// CGNAT, unique-local, unspecified, multicast, broadcast, reserved and documentation ranges, and the
// IPv6 forms that carry an IPv4 address (mapped, translated, NAT64, 6to4, Teredo) are all refused.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// Everything globally routable in IPv6 is inside 2000::/3; ipaddr.js calls the rest of the space
// "unicast" too (including the deprecated IPv4-compatible ::a.b.c.d), so it is cut off here.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * True for a global unicast address only. Takes the canonical text node:dns and WHATWG URL parsing
 * produce; anything that is not a plain IPv4 or IPv6 address (e.g. "127.1") is refused rather than
 * read one of several ways.
 */
export function isPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  const v6 = parsed as ipaddr.IPv6;
  // ::ffff:a.b.c.d is the IPv4 address a.b.c.d to the socket: judge that one.
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range() === 'unicast';
  return v6.range() === 'unicast' && v6.match(GLOBAL_UNICAST_V6);
}
