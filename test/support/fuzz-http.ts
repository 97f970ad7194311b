// Sending hostile requests exactly as generated (repeated headers, raw bytes, odd targets) with
// node:http, and what every answer to one must satisfy.
import { Agent, request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import type { HostileRequest } from './hostile';
import { prefersHtml } from '../../functions/http/negotiate';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

export function send(baseUrl: string, request: HostileRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: request.method, path: request.target, agent, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`No answer within 60 s to ${request.method} ${request.target.slice(0, 200)}`)));
    const grouped = new Map<string, string[]>();
    for (const [name, value] of request.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
    for (const [name, values] of grouped) req.setHeader(name, values.length === 1 ? values[0]! : values);
    if (request.body !== undefined) req.setHeader('content-length', String(request.body.length));
    req.end(request.body);
  });
}

const repoRoot = resolve(import.meta.dirname, '../..');
/** Signs of internals: stack frames, module paths, this checkout's location, error class names with messages. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\bat (?:async )?[\w$.<>[\] ]+ \(|\n\s+at \S/],
  ['a module path', /node_modules|file:\/\/|\.ts:\d+|\.js:\d+:\d+/],
  ['the server path', new RegExp(repoRoot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
  ['an error name', /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|ZodError|ValidationException|ResourceNotFoundException|ConditionalCheckFailed)\b/],
  ['a JavaScript error message', /Cannot read propert|Cannot convert|is not a function|is not defined|is not iterable|Maximum call stack|Invalid array length|undefined \(reading/],
];

/** API Gateway answers a few errors itself, with its own JSON (HTTP APIs cannot restyle them); the local adapter imitates that. */
// 401 comes from API Gateway when an authenticated route gets no (or an empty) Authorization header:
// the authorizer's identity source is missing, so the gateway answers without calling it.
const isGatewayAnswer = (response: RawResponse, json: unknown, request: HostileRequest) =>
  (response.status === 413 && JSON.stringify(json) === JSON.stringify({ message: 'Request Entity Too Large' })) ||
  (response.status === 401 &&
    JSON.stringify(json) === JSON.stringify({ message: 'Unauthorized' }) &&
    !request.headers.some(([name, value]) => name.toLowerCase() === 'authorization' && value.trim() !== ''));

/**
 * A form post from a browser (a form encoding, and Accept preferring HTML) is answered as a page, its
 * mistakes too (POST /verify's form): the page says what to put right, where an API answers problem+json.
 */
const isPageForAFormPost = (response: RawResponse, request: HostileRequest) => {
  const header = (name: string) => request.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v).join(',');
  return (
    String(response.headers['content-type'] ?? '').startsWith('text/html') &&
    (/^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i.test(header('content-type')) || BROWSER_ONLY_PATHS.test(request.target)) &&
    prefersHtml(header('accept') || undefined)
  );
};
/** Where only a browser is sent (by the sign-in provider's redirect): its mistakes are pages too. */
const BROWSER_ONLY_PATHS = /^\/sign-in\/callback(\?|$)/;

/** What is wrong with a response to a hostile request (empty: nothing). */
export function responseProblems(response: RawResponse, request: HostileRequest): string[] {
  const problems: string[] = [];
  const text = response.body.toString('latin1');
  if (response.status >= 500) problems.push(`status ${response.status}`);
  for (const [what, pattern] of LEAKS) {
    // A path the client sent may come back in `instance` or `detail`; only what it did not send counts.
    const match = pattern.exec(text);
    if (match && !request.target.includes(match[0]) && !(request.body?.toString('latin1').includes(match[0]) ?? false)) problems.push(`${what} in the body: …${text.slice(Math.max(0, match.index - 60), match.index + 80)}…`);
  }
  // HEAD answers carry the headers of the GET answer without its body.
  if (response.status >= 400 && request.method === 'HEAD') {
    const type = String(response.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json')) problems.push(`a ${response.status} with content-type "${type}", not application/problem+json`);
  } else if (response.status >= 400 && isPageForAFormPost(response, request)) {
    if (!/<h[12] id="problem-title">/.test(text)) problems.push(`a ${response.status} page for a form post that says nothing of what was wrong`);
  } else if (response.status >= 400) {
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      problems.push(`a ${response.status} body that is not JSON: ${text.slice(0, 200)}`);
    }
    if (json && !isGatewayAnswer(response, json, request)) {
      const type = String(response.headers['content-type'] ?? '');
      if (!type.startsWith('application/problem+json')) problems.push(`a ${response.status} with content-type "${type}", not application/problem+json`);
      if (json.status !== response.status) problems.push(`a ${response.status} whose problem says status ${JSON.stringify(json.status)}`);
      if (typeof json.title !== 'string' || json.title === '') problems.push(`a ${response.status} problem without a title`);
      if (typeof json.type !== 'string') problems.push(`a ${response.status} problem without a type`);
      if (typeof json.detail !== 'string') problems.push(`a ${response.status} problem without a detail`);
    }
  }
  return problems;
}

/** Own properties of the built-in prototypes, to see whether a request added any. */
export function prototypeFingerprint(): string {
  const names = (object: object) => Reflect.ownKeys(object).map(String).sort().join(',');
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype]
    .map(names)
    .concat(String(({} as Record<string, unknown>).polluted), String(Object.getPrototypeOf({}) === Object.prototype))
    .join('|');
}
