// The guarded fetcher against real sockets on loopback: a canary server counts every request that gets
// through. The refusals are asserted with the production rule (isPublicAddress) and, for IP literals
// and localhost, the production resolver; a "public" host is a name an injected resolver answers with a
// public address, whose connection the test dials to a local server instead.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FetchRefusedError, guardedFetch, guardedFetcher, internet, type Network } from '../../../functions/net/guarded-fetch';
import { isPublicAddress } from '../../../functions/net/public-address';
import { LOOPBACK_HOSTS, loopbackSpellings, startCanary, startLocalServer, type Canary, type LocalServer } from '../../support/canary';

const PUBLIC_ADDRESS = '93.184.216.34';
let canary: Canary;
let issuer: LocalServer;
let issuerPort: number;
let seen: { url: string; headers: IncomingHttpHeaders }[];

// Names the injected resolver knows; every other name fails as an unknown one would.
const names: Record<string, string[]> = {};
const resolve = vi.fn(async (hostname: string): Promise<LookupAddress[]> => {
  const addresses = names[hostname.toLowerCase()];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
});
const dial = vi.fn((checked: LookupAddress): LookupAddress => (checked.address === PUBLIC_ADDRESS ? { address: '127.0.0.1', family: 4 } : checked));
const network: Network = { resolve, allows: isPublicAddress, dial };
const fetchVia = guardedFetcher(network);

const issuerUrl = (path: string, host = 'issuer.example') => `http://${host}:${issuerPort}${path}`;
const canaryUrl = (host = '127.0.0.1') => `http://${host}:${canary.port}/secret`;
const ports = () => ({ allowedPorts: [issuerPort, canary.port] });

beforeAll(async () => {
  canary = await startCanary();
  issuer = await startLocalServer((request, response) => {
    seen.push({ url: request.url!, headers: request.headers });
    const [, route, arg] = request.url!.split('/');
    const redirect = (location: string) => response.writeHead(302, { location, 'set-cookie': 'session=abc' }).end();
    if (route === 'to') return redirect(decodeURIComponent(arg!));
    if (route === 'chain') return Number(arg) > 0 ? redirect(`/chain/${Number(arg) - 1}`) : response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (route === 'status') return response.writeHead(Number(arg), { 'content-type': 'application/json' }).end('{"gone":true}');
    if (route === 'big') return response.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024, 0x20));
    if (route === 'slow') return undefined;
    response.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify({ id: request.url, headers: request.headers }));
  });
  issuerPort = issuer.port;
});

afterAll(async () => {
  await canary.close();
  await issuer.close();
});

beforeEach(() => {
  canary.hits.length = 0;
  seen = [];
  resolve.mockClear();
  dial.mockClear();
  for (const name of Object.keys(names)) delete names[name];
  names['issuer.example'] = [PUBLIC_ADDRESS];
});

const refused = async (promise: Promise<unknown>, url: string) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchRefusedError);
  // One message for every refusal: the URL asked for, nothing about what is (or is not) there.
  expect((error as Error).message).toBe(`could not fetch ${url}`);
};

describe('the canary', () => {
  it('is reachable when the rule is switched off, so that 0 hits means refused, not unreachable', async () => {
    const open = guardedFetcher({ ...internet, allows: () => true });
    for (const url of [canaryUrl(), canaryUrl('[::ffff:127.0.0.1]'), canaryUrl('localhost')]) {
      expect((await open(url, ports())).status).toBe(200);
    }
    expect(canary.hits.length).toBe(3);
  });
});

describe('the guarded fetcher refuses', () => {
  it.each(LOOPBACK_HOSTS)('loopback spelt %s, with its port allowed: 0 hits', async (host) => {
    const url = `http://${host}:${canary.port}/badge.json`;
    await refused(guardedFetch(url, ports()), url);
    expect(canary.hits).toEqual([]);
  });

  it.each([
    '169.254.169.254',
    '[fd00:ec2::254]',
    '10.0.0.1',
    '172.16.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '192.0.2.1',
    '198.51.100.7',
    '203.0.113.9',
    '240.0.0.1',
    '[fe80::1]',
    '[fc00::1]',
    '[ff02::1]',
    '[2001:db8::1]',
    '[::ffff:10.0.0.1]',
    '[::ffff:169.254.169.254]',
    '[::127.0.0.1]',
    '[64:ff9b::a00:1]',
    '[2002:7f00:1::]',
    '[2001::1]',
  ])('%s without connecting anywhere', async (host) => {
    const url = `http://${host}/latest/meta-data/`;
    await refused(fetchVia(url), url);
    expect(dial).not.toHaveBeenCalled();
  });

  it('a name that resolves to an internal address, or to any internal address among public ones', async () => {
    names['internal.example'] = ['127.0.0.1'];
    names['mixed.example'] = [PUBLIC_ADDRESS, '10.1.2.3'];
    names['metadata.example'] = ['169.254.169.254'];
    names['v6.example'] = ['::1'];
    for (const host of ['internal.example', 'mixed.example', 'metadata.example', 'v6.example', 'unknown.example']) {
      const url = `http://${host}:${canary.port}/`;
      await refused(fetchVia(url, ports()), url);
    }
    expect(dial).not.toHaveBeenCalled();
    expect(canary.hits).toEqual([]);
  });

  it('other schemes, credentials in the URL, and ports the city config does not allow', async () => {
    for (const url of ['ftp://issuer.example/badge.json', 'file:///etc/passwd', 'gopher://issuer.example/', `http://user:secret@issuer.example:${issuerPort}/`, issuerUrl('/badge.json')]) {
      await refused(fetchVia(url, url.includes('@') ? ports() : {}), url);
    }
    expect(seen).toEqual([]);
  });

  it('a redirect from a public host to an internal address, in any spelling or by name', async () => {
    names['internal.example'] = ['127.0.0.1'];
    // A Location header is ASCII: the other spellings are the URL parser's to normalise, tested above.
    const ascii = loopbackSpellings(canary.port).filter((url) => /^[\x21-\x7e]+$/.test(url));
    for (const target of [...ascii, canaryUrl(), `http://internal.example:${canary.port}/`, 'http://169.254.169.254/latest/meta-data/']) {
      const url = issuerUrl(`/to/${encodeURIComponent(target)}`);
      await refused(fetchVia(url, ports()), url);
    }
    expect(canary.hits).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('a fourth redirect; three are followed, each hop checked', async () => {
    expect(await fetchVia(issuerUrl('/chain/3'), ports())).toMatchObject({ status: 200, url: issuerUrl('/chain/0') });
    await refused(fetchVia(issuerUrl('/chain/4'), ports()), issuerUrl('/chain/4'));
    expect(seen.map((s) => s.url)).toEqual(['/chain/3', '/chain/2', '/chain/1', '/chain/0', '/chain/4', '/chain/3', '/chain/2', '/chain/1']);
  });

  it('a body over the size limit, and an answer slower than the time limit', async () => {
    await refused(fetchVia(issuerUrl('/big'), ports()), issuerUrl('/big'));
    await refused(fetchVia(issuerUrl('/slow'), { ...ports(), timeoutMs: 300 }), issuerUrl('/slow'));
  });
});

describe('the guarded fetcher fetches from a public host', () => {
  it('with the host name as Host, no cookies or credentials, and the status as it is', async () => {
    const response = await fetchVia(issuerUrl('/to/%2Fbadge.json'), { ...ports(), accept: 'application/ld+json' });
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/ld+json');
    const echoed = JSON.parse(response.body.toString('utf8'));
    expect(echoed.headers).toEqual({ accept: 'application/ld+json', host: `issuer.example:${issuerPort}`, connection: 'close' });
    expect((await fetchVia(issuerUrl('/status/410'), ports())).status).toBe(410);
  });

  it('connecting to the address it checked: a second lookup answering 127.0.0.1 (DNS rebinding) is never asked', async () => {
    resolve.mockImplementationOnce(async () => [{ address: PUBLIC_ADDRESS, family: 4 }]);
    names['rebind.example'] = ['127.0.0.1'];
    const response = await fetchVia(issuerUrl('/badge.json', 'rebind.example'), ports());
    expect(response.status).toBe(200);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(dial).toHaveBeenCalledWith({ address: PUBLIC_ADDRESS, family: 4 });
    expect(canary.hits).toEqual([]);
  });

  it('over TLS for the host name: SNI names it, and a certificate no public CA signed is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guarded-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=issuer.example', '-addext', 'subjectAltName=DNS:issuer.example', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const credentials = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    rmSync(dir, { recursive: true, force: true });
    const servernames: string[] = [];
    const server = createTlsServer({ ...credentials, SNICallback: (name, done) => (servernames.push(name), done(null, createSecureContext(credentials))) }, (_, response) => response.end('{}'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    try {
      const url = `https://issuer.example:${port}/badge.json`;
      await refused(fetchVia(url, { allowedPorts: [port] }), url);
      expect(servernames).toEqual(['issuer.example']);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
