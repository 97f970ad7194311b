// A loopback HTTP server that counts every request it gets: a server-side fetch that must never reach
// an internal address is proved by the count staying 0. It answers like a badge issuer would (JSON),
// so that a fetch that did get through would also be visible in what it reports.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Canary {
  /** Requests received so far, by path. */
  readonly hits: string[];
  port: number;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 and, when the machine has IPv6, on ::1 with the same port, so that every
 * loopback spelling (0.0.0.0, [::], [::ffff:127.0.0.1] too) would reach it.
 */
export async function startCanary(): Promise<Canary> {
  const hits: string[] = [];
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    hits.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'application/json', server: 'canary-internal' });
    response.end(JSON.stringify({ id: 'internal-secret-id', type: 'InternalSecret', secret: 'canary-secret-value' }));
  };
  const v4 = await listen(createServer(listener), 0, '127.0.0.1');
  const port = (v4.address() as AddressInfo).port;
  const v6 = await listen(createServer(listener), port, '::1').catch(() => undefined);
  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  return { hits, port, close: async () => void (await Promise.all([v4, ...(v6 ? [v6] : [])].map(close))) };
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** The spellings of a loopback address that have reached internal services (and a few more). */
export const LOOPBACK_HOSTS = ['127.0.0.1', '127.1', '2130706433', '0x7f000001', '0177.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '0.0.0.0', 'localhost', 'LOCALHOST', 'localhost.', '[::]', '127.127.127.127', '127.0.0.1.', '0x7f.1', '[0:0:0:0:0:0:0:1]', '%31%32%37.0.0.1', '①②⑦.0.0.1', '127。0。0。1'];

/** Each loopback spelling as a URL on the canary's port. */
export const loopbackSpellings = (port: number): string[] => LOOPBACK_HOSTS.map((host) => `http://${host}:${port}/badge.json`);

/** A stand-in public server for a test (an issuer the guarded fetcher is allowed to reach), on 127.0.0.1. */
export interface LocalServer {
  port: number;
  close(): Promise<void>;
}

export async function startLocalServer(listener: (request: IncomingMessage, response: ServerResponse) => void): Promise<LocalServer> {
  const server = await listen(createServer(listener), 0, '127.0.0.1');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
