// The one way server-side code fetches a URL that someone else gave us (a badge, a key, a status list).
// Such a URL may name anything this function can reach: in Lambda the runtime API on 127.0.0.1:9001
// and whatever is in the function's network; on the local city DynamoDB Local, s3rver and the queue.
// So, for the URL and every redirect hop:
// - http: or https: only, no user name or password, and the scheme's default port unless the city
//   config allows another (verify.allowedPorts);
// - the host is resolved here (every address) and refused unless every address is global unicast
//   (public-address.ts); IP literals in any spelling are judged as the address they are;
// - the socket connects to exactly the address that was checked, never to a second lookup's answer
//   (DNS rebinding), while TLS still checks the certificate against the host name (SNI, Host);
// - redirects are followed by hand, at most three, each hop checked the same way;
// - one time limit for the whole chain, a size limit for the body, no cookies or credentials sent.
// Whatever goes wrong (refused, unreachable, too slow, too large) is one FetchRefusedError that says
// nothing about the target: a caller can never learn from it what answers on an internal address.
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './public-address';

export interface GuardedResponse {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
}

/** The URL was not fetched, or gave no answer within the limits. Deliberately names only the URL asked for. */
export class FetchRefusedError extends Error {
  constructor(readonly url: string) {
    super(`could not fetch ${url}`);
    this.name = 'FetchRefusedError';
  }
}

export interface FetchLimits {
  /** Ports other than 80/443 that may be connected to (the city config's verify.allowedPorts). */
  allowedPorts?: readonly number[];
  /** Sent as Accept. */
  accept?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * How the network is reached. Production uses `internet`; tests replace the resolver (a name that
 * "resolves" to an internal or a public address) and where a checked address is dialled (a local
 * server standing in for a public one), never the rule itself in what they assert about refusals.
 */
export interface Network {
  /** Every address of a host name. */
  resolve(hostname: string): Promise<LookupAddress[]>;
  /** Whether an address may be connected to. */
  allows(address: string): boolean;
  /** The address a socket dials for a checked one. */
  dial(checked: LookupAddress): LookupAddress;
}

export const internet: Network = {
  resolve: (hostname) => lookup(hostname, { all: true }),
  allows: isPublicAddress,
  dial: (checked) => checked,
};

const MAX_REDIRECTS = 3;
const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BYTES = 1024 * 1024;

export type GuardedFetch = (url: string, limits?: FetchLimits) => Promise<GuardedResponse>;

export function guardedFetcher(network: Network): GuardedFetch {
  return async (url, limits = {}) => {
    const signal = AbortSignal.timeout(limits.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    try {
      return await Promise.race([follow(url, limits, network, signal), aborted(signal)]);
    } catch {
      throw new FetchRefusedError(url);
    }
  };
}

/** Every server-side fetch of a URL from outside goes through this. */
export const guardedFetch = guardedFetcher(internet);

async function follow(url: string, limits: FetchLimits, network: Network, signal: AbortSignal): Promise<GuardedResponse> {
  let current = new URL(url);
  for (let redirects = 0; ; redirects++) {
    const response = await get(current, limits, network, signal);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) {
      return { url: current.href, status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? '', body: await readBody(response, limits) };
    }
    // Its body is never read: a redirect may come with an endless one.
    response.destroy();
    if (redirects >= MAX_REDIRECTS) throw new Error('more than three redirects');
    current = new URL(location, current);
  }
}

async function get(url: URL, limits: FetchLimits, network: Network, signal: AbortSignal): Promise<IncomingMessage> {
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined) throw new Error('not http(s)');
  // Credentials in a URL would be sent as Authorization: to whoever the URL names.
  if (url.username !== '' || url.password !== '') throw new Error('credentials in the URL');
  // WHATWG URL parsing drops a port that is the scheme's default, so any port left is another one.
  const port = url.port === '' ? defaultPort : Number(url.port);
  if (url.port !== '' && !(limits.allowedPorts ?? []).includes(port)) throw new Error('port not allowed');
  // WHATWG URL parsing has already turned 127.1, 2130706433, 0x7f000001 and 0177.0.0.1 into 127.0.0.1.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const family = isIP(host);
  const addresses = family !== 0 ? [{ address: host, family }] : await network.resolve(host);
  // One internal address among public ones refuses the host: a name that points inward at all is not an issuer.
  if (!addresses.length || !addresses.every((a) => network.allows(a.address))) throw new Error('not a public address');
  const target = network.dial(addresses[0]!);
  const options: RequestOptions = {
    method: 'GET',
    hostname: host,
    port,
    path: `${url.pathname}${url.search}`,
    headers: { accept: limits.accept ?? '*/*' },
    // A fresh connection, never one pooled for another address; no cookies are kept or sent.
    agent: false,
    lookup: pinnedLookup(target),
    signal,
  };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, resolve);
    request.on('error', reject);
    request.end();
  });
}

// Answers the socket's lookup with the checked address, so that no second DNS query can answer
// something else. Node asks for a list (all: true) when it races IPv4 and IPv6 connections.
function pinnedLookup(target: LookupAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
}

async function readBody(response: IncomingMessage, limits: FetchLimits): Promise<Buffer> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
    response.destroy();
    throw new Error('body too large');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.destroy();
      throw new Error('body too large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

// The resolver cannot be aborted; the time limit still holds for the whole chain.
const aborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(new Error('time limit')), { once: true });
  });
