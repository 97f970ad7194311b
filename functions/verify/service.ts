// POST /verify: whatever a person holds — a baked image, a URL, an assertion, a credential — checked
// as a verifier anywhere would, with a report per badge format found.
import { unbake } from '../domain/baking';
import { invalid } from '../domain/errors';
import type { FetchJson } from './fetch-document';
import { FetchFailed } from './fetch-document';
import { verifyOb2 } from './ob2';
import { verifyOb3 } from './ob3';
import { report, type VerificationReport } from './report';

export interface VerifyInput {
  image?: string;
  url?: string;
  assertion?: Record<string, unknown>;
  credential?: Record<string, unknown> | string;
  email?: string;
}

const unsupported = (what: string) => report('unsupported', [{ check: 'format', passed: false, detail: `${what} cannot be verified here yet` }]);
const isJws = (text: string) => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(text.trim());

async function fromText(text: string, kind: 'openbadges' | 'openbadgecredential', deps: Deps, email?: string): Promise<VerificationReport> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as Record<string, unknown>;
    return kind === 'openbadges' ? verifyOb2({ assertion: parsed }, deps, email) : verifyOb3(parsed, deps, email);
  }
  if (isJws(trimmed)) return unsupported(kind === 'openbadges' ? 'A signed (JWS) Open Badges 2.0 assertion' : 'A VC-JWT credential');
  if (/^https?:\/\//.test(trimmed)) return kind === 'openbadges' ? verifyOb2({ url: trimmed }, deps, email) : verifyUrl(trimmed, deps, email);
  return unsupported('This payload');
}

async function verifyUrl(url: string, deps: Deps, email?: string): Promise<VerificationReport> {
  const { json } = await deps.fetchJson(url);
  const document = (json ?? {}) as Record<string, unknown>;
  const types = ([] as unknown[]).concat(document.type ?? []);
  if (types.includes('VerifiableCredential')) return verifyOb3(document, deps, email);
  return verifyOb2({ url }, deps, email);
}

interface Deps {
  fetchJson: FetchJson;
  now: Date;
}

export async function verifyBadge(input: VerifyInput, deps: Deps): Promise<{ verified: boolean; results: VerificationReport[] }> {
  const { email } = input;
  const run = async (work: () => Promise<VerificationReport>) => {
    try {
      return await work();
    } catch (error) {
      // A document that cannot be fetched is a failed check, not a failed request.
      if (error instanceof FetchFailed || error instanceof SyntaxError) return report('unsupported', [{ check: 'fetch', passed: false, detail: error.message }]);
      throw error;
    }
  };
  let results: VerificationReport[];
  if (input.image !== undefined) {
    const payloads = unbake(Buffer.from(input.image, 'base64'));
    if (!payloads.openbadges && !payloads.openbadgecredential) throw invalid([{ in: 'body', field: 'image', detail: 'has no badge baked into it' }]);
    results = await Promise.all(
      (['openbadges', 'openbadgecredential'] as const).filter((kind) => payloads[kind]).map((kind) => run(() => fromText(payloads[kind]!, kind, deps, email))),
    );
  } else if (input.url !== undefined) {
    results = [await run(() => verifyUrl(input.url!, deps, email))];
  } else if (input.assertion !== undefined) {
    results = [await run(() => verifyOb2({ assertion: input.assertion }, deps, email))];
  } else {
    const credential = input.credential!;
    results = [await run(() => (typeof credential === 'string' ? fromText(credential, 'openbadgecredential', deps, email) : verifyOb3(credential, deps, email)))];
  }
  return { verified: results.every((r) => r.verified), results };
}
