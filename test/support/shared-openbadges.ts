// The Open Badges reference data in ../shared/openbadges (contexts, schemas, fixtures), read from disk so
// that tests never reach the network and never trust the project's own bundled copies.
import { readFileSync } from 'node:fs';

export const sharedFile = (path: string): unknown => JSON.parse(readFileSync(`../shared/openbadges/${path}`, 'utf8'));

/** Every context URL the OB 3.0 toolchain may ask for, and its file in shared/ (per its README). */
export const CONTEXT_FILES: Record<string, string> = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob-v3p0-extensions.json',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.json',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.json',
  'https://www.w3.org/ns/did/v1': 'did-v1.json',
};

const OB2_CONTEXT_FILES: Record<string, string> = { 'https://w3id.org/openbadges/v2': 'ob-v2p0.json' };

/** An OB 2.0 or 3.0 context from shared/, or undefined. */
export const sharedContext = (url: string): object | undefined => {
  const file = CONTEXT_FILES[url] ?? OB2_CONTEXT_FILES[url];
  return file ? (sharedFile(`contexts/${file}`) as object) : undefined;
};
