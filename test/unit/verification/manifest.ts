// The expected outcomes of the 1EdTech validator fixtures (test/fixtures/openbadges/fixtures/MANIFEST.json), and
// how the fixtures are given to verifyBadge: as the suite does, the assertion under test is what its
// issuer hosts at its id.
import { expect } from 'vitest';
import { verifyBadge, type CheckName, type VerifyInput } from '../../../functions/domain/verification';
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

/** Where our verdict differs from the official suite's, on purpose or for lack of support. */
export type Difference = Expectation & { why: string };

/**
 * The expected outcome of each fixture: the manifest's, except where `differs` says otherwise; an
 * invalid fixture fails the check `failing` names.
 */
export function expectedOutcomes(entries: ManifestEntry[], failing: Record<string, CheckName>, differs: Record<string, Difference>): [string, Expectation][] {
  return entries.map((entry) => {
    const difference = differs[entry.file];
    if (difference) return [entry.file, difference];
    if (entry.expected === 'invalid') return [entry.file, { verified: false, failing: failing[entry.file]! }];
    return [entry.file, { verified: true }];
  });
}

/** Every invalid case names its failing check, and every listed exception is a case of the manifest. */
export function expectCoverage(cases: [string, Expectation][], listed: Record<string, unknown>[], minimum: number): void {
  expect(cases.length).toBeGreaterThanOrEqual(minimum);
  for (const [file, expectation] of cases) if (!expectation.verified) expect(expectation.failing, file).toBeDefined();
  for (const file of listed.flatMap((record) => Object.keys(record))) expect(cases.map(([f]) => f)).toContain(file);
}

/** Verifies the fixture as its issuer's web would serve it, and checks the verdict. */
export async function expectVerdict(file: string, expectation: Expectation): Promise<void> {
  const { input, web } = fixtureCase(file);
  const result = await verifyBadge(input, web.deps());
  const checks = result.reports.flatMap((r) => r.checks);
  if (expectation.verified) {
    expect(result.verified, JSON.stringify(checks.filter((c) => !c.passed))).toBe(true);
  } else {
    expect(result.verified).toBe(false);
    expect(checks).toContainEqual(expect.objectContaining({ check: expectation.failing, passed: false }));
  }
}
