// Fetching what a badge points at (hosted assertions, badge classes, issuer profiles, keys, status
// lists), from any issuer: http(s) only, a time limit and a size limit, JSON only, never throwing
// anything but a plain message the report can show.
const TIMEOUT_MS = 5000;
const MAX_BYTES = 1024 * 1024;

export class FetchFailed extends Error {}

export type FetchJson = (url: string) => Promise<{ status: number; json: unknown }>;

export const fetchJson: FetchJson = async (url) => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchFailed(`${url} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new FetchFailed(`${url} is not an http(s) URL`);
  let response: Response;
  try {
    response = await fetch(parsed, { headers: { accept: 'application/ld+json, application/json' }, redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new FetchFailed(`${url} could not be fetched: ${(error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (error as Error).message}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES) throw new FetchFailed(`${url} is larger than ${MAX_BYTES} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > MAX_BYTES) throw new FetchFailed(`${url} is larger than ${MAX_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  } catch {
    throw new FetchFailed(`${url} did not answer JSON (HTTP ${response.status})`);
  }
};
