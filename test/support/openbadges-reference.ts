// The Open Badges reference data in test/fixtures/openbadges (contexts, schemas, fixtures; sources and
// licences in its README.md), read from disk so that tests never reach the network and never trust the
// project's own bundled copies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REFERENCE_DIR = join(import.meta.dirname, '..', 'fixtures', 'openbadges');

export const referenceFile = (path: string): unknown => JSON.parse(readFileSync(join(REFERENCE_DIR, path), 'utf8'));

/** Every context URL the OB 3.0 toolchain may ask for, and its file in the reference folder (per its README). */
export const CONTEXT_FILES: Record<string, string> = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob-v3p0-extensions.json',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.json',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.json',
  'https://www.w3.org/ns/did/v1': 'did-v1.json',
};

const OB2_CONTEXT_FILES: Record<string, string> = { 'https://w3id.org/openbadges/v2': 'ob-v2p0.json' };

/** An OB 2.0 or 3.0 context from the reference folder, or undefined. */
export const referenceContext = (url: string): object | undefined => {
  const file = CONTEXT_FILES[url] ?? OB2_CONTEXT_FILES[url];
  return file ? (referenceFile(`contexts/${file}`) as object) : undefined;
};
