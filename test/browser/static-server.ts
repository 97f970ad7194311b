// A tiny HTTP server on 127.0.0.1 (ephemeral port) serving fixed documents, so the browser loads pages
// the way a visitor would, with real URLs for the page and its image. Paths can be added after start,
// because the documents' own URLs need the origin the server got.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticDocument {
  contentType: string;
  body: string;
  /** Served as they are, for pages answered the way the handlers answer them (status, security headers). */
  status?: number;
  headers?: Record<string, string>;
}

export interface StaticServer {
  origin: string;
  documents: Map<string, StaticDocument>;
  close(): Promise<void>;
}

export async function startStaticServer(): Promise<StaticServer> {
  const documents = new Map<string, StaticDocument>();
  const server = createServer((request, response) => {
    const document = documents.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (document === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(document.status ?? 200, { ...document.headers, 'content-type': document.contentType }).end(document.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    documents,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
