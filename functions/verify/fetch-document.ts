// How POST /verify reaches the network for the documents a badge names (hosted assertions, badge
// classes, issuer profiles, keys, status lists), from any issuer: http(s) only, a time limit and a size
// limit. Anything else is a FetchDocumentError, which the verification reports as a failed check.
import { FetchDocumentError, type FetchDocument } from '../domain/verification';

const TIMEOUT_MS = 5000;
const MAX_BYTES = 1024 * 1024;

async function readLimited(response: Response, url: string): Promise<Buffer> {
  if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) throw new FetchDocumentError(`${url} is larger than ${MAX_BYTES} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > MAX_BYTES) throw new FetchDocumentError(`${url} is larger than ${MAX_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const fetchDocument: FetchDocument = async (url) => {
  const protocol = URL.canParse(url) ? new URL(url).protocol : '';
  if (protocol !== 'https:' && protocol !== 'http:') throw new FetchDocumentError(`${url} is not an http(s) URL`);
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/ld+json, application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new FetchDocumentError(`${url} could not be fetched: ${timedOut ? `no answer within ${TIMEOUT_MS / 1000} s` : (error as Error).message}`);
  }
  const body = await readLimited(response, url);
  if (!response.ok) throw new FetchDocumentError(`${url} answered HTTP ${response.status}`, response.status, body);
  return { contentType: response.headers.get('content-type') ?? '', body };
};
