// The expected outcomes of the 1EdTech validator fixtures (shared/openbadges/fixtures/MANIFEST.json), and
// how the fixtures are given to verifyBadge: as the suite does, the assertion under test is what its
// issuer hosts at its id.
import type { CheckName, VerifyInput } from '../../../functions/domain/verification';
import { unbake } from '../../../functions/domain/baking';
import { fixtureBytes, fixtureJson, fixtureWeb, type Web } from './web';

export interface ManifestEntry {
  file: string;
  expected?: 'valid' | 'invalid' | 'warning';
  probe?: string;
}

export const manifestFiles = (format: 'ob20' | 'ob30'): ManifestEntry[] => fixtureJson('MANIFEST.json')[format].files;

/** A fixture as verifyBadge input, and the web it is verified against. */
export function fixtureCase(file: string): { input: VerifyInput; web: Web } {
  const web = fixtureWeb();
  if (/\.(png|svg)$/.test(file)) {
    const image = fixtureBytes(file);
    hostBakedAssertion(web, unbake(image).openbadges);
    return { input: { image }, web };
  }
  const text = fixtureBytes(file).toString('utf8');
  if (file.endsWith('.jwt')) return { input: { assertion: text }, web };
  const document = JSON.parse(text);
  if (file.startsWith('ob30/')) return { input: { credential: document }, web };
  web.serve(document.id, document);
  return { input: { assertion: document }, web };
}

function hostBakedAssertion(web: Web, payload: string | undefined) {
  const assertion = payload?.trim().startsWith('{') ? JSON.parse(payload) : undefined;
  if (typeof assertion?.id === 'string') web.serve(assertion.id, assertion);
}

export type Expectation = { verified: true } | { verified: false; failing: CheckName };
