// A plain keep-alive HTTP client for the latency benchmarks: fetch() adds client-side cost that is not
// the city's.
import { Agent, request } from 'node:http';

// Ten sockets: the award benchmark's ten concurrent clients (the latency benchmarks send one at a time).
export const agent = new Agent({ keepAlive: true, maxSockets: 10 });

export const httpRequest = (url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { agent, method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });

/** Runs `fn` `count` times in sequence, returning each duration in ms. */
export async function timed(count: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}
