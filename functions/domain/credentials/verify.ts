// Verifying a credential: each check reported on its own, so that a person (or the validator page)
// sees why a badge fails, not only that it does.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { verifyCredential as verifyProof } from '@digitalbazaar/vc';
import type { VerifyCredentialResult } from '@digitalbazaar/vc';
import { callerMessage } from '../errors';
import type { DocumentLoader } from './document-loader';

export type CheckName = 'proof' | 'validity-period' | 'status';

export interface CheckResult {
  check: CheckName;
  passed: boolean;
  detail: string;
}

export interface VerificationReport {
  /** True when every check passed. */
  verified: boolean;
  checks: CheckResult[];
}

/**
 * Judges a credential's `credentialStatus` entry (e.g. its bit in a revocation list). Injected,
 * because reading the list is I/O that differs between AWS and the local city. Throwing fails the check.
 */
export type CheckStatus = (credentialStatus: unknown) => Promise<{ passed: boolean; detail: string }>;

export interface VerifyOptions {
  /** The time the validity period is judged at; now when left out. */
  now?: Date;
  /** Without it, a credential that has a status entry fails the status check: revocation unknown. */
  checkStatus?: CheckStatus;
}

type Dated = { validFrom?: unknown; validUntil?: unknown; credentialStatus?: unknown };

// A VC Data Model 1.1 credential states the same period as issuanceDate/expirationDate.
const period = (credential: object): Dated => {
  const { validFrom, validUntil, issuanceDate, expirationDate, credentialStatus } = credential as Dated & { issuanceDate?: unknown; expirationDate?: unknown };
  return { validFrom: validFrom ?? issuanceDate, validUntil: validUntil ?? expirationDate, credentialStatus };
};

export async function verifyCredential(credential: object, loader: DocumentLoader, options: VerifyOptions = {}): Promise<VerificationReport> {
  const { now = new Date(), checkStatus } = options;
  const checks = [await checkProof(credential, loader), checkValidityPeriod(credential, now)];
  const { credentialStatus } = credential as Dated;
  if (credentialStatus !== undefined) checks.push(await runStatusCheck(credentialStatus, checkStatus));
  return { verified: checks.every((c) => c.passed), checks };
}

async function checkProof(credential: object, loader: DocumentLoader): Promise<CheckResult> {
  const { validFrom, validUntil } = period(credential);
  const result = await verifyProof({
    credential,
    // Data Integrity eddsa-rdfc-2022 is what OB 3.0 on VC 2.0 signs with (and this city); Ed25519Signature2020
    // is what most OB 3.0 badges on VC 1.1 carry.
    suite: [new DataIntegrityProof({ cryptosuite }), new Ed25519Signature2020()],
    documentLoader: loader,
    // The library refuses a credential outside its validity period before looking at the proof. Its
    // clock is set inside the credential's own period, so that this check judges the signature alone
    // and the validity-period check judges the dates.
    now: typeof validFrom === 'string' ? validFrom : typeof validUntil === 'string' ? validUntil : undefined,
    // Status is its own check below.
    checkStatus: async () => ({ verified: true }),
  });
  const suite = result.results?.find((r) => r.verified)?.proof.type === 'Ed25519Signature2020' ? 'Ed25519Signature2020' : 'eddsa-rdfc-2022';
  return { check: 'proof', passed: result.verified, detail: result.verified ? `${suite} signature verified` : proofErrors(result) };
}

function proofErrors(result: VerifyCredentialResult): string {
  const errors = result.error?.errors ?? (result.error ? [result.error] : []);
  const messages = [...new Set(errors.map((e) => callerMessage(e, 'the credential or its proof is malformed')))];
  return messages.length > 0 ? messages.join('; ') : 'proof not verified';
}

function checkValidityPeriod(credential: object, now: Date): CheckResult {
  const { validFrom, validUntil } = period(credential);
  const fail = (detail: string): CheckResult => ({ check: 'validity-period', passed: false, detail });
  const from = typeof validFrom === 'string' ? Date.parse(validFrom) : NaN;
  if (Number.isNaN(from)) return fail('validFrom is missing or not a date');
  if (from > now.getTime()) return fail(`not valid before ${validFrom}`);
  if (validUntil === undefined) return { check: 'validity-period', passed: true, detail: `valid from ${validFrom}, no expiry` };
  const until = typeof validUntil === 'string' ? Date.parse(validUntil) : NaN;
  if (Number.isNaN(until)) return fail('validUntil is not a date');
  if (until < now.getTime()) return fail(`expired at ${validUntil}`);
  return { check: 'validity-period', passed: true, detail: `valid from ${validFrom} until ${validUntil}` };
}

async function runStatusCheck(credentialStatus: unknown, checkStatus: CheckStatus | undefined): Promise<CheckResult> {
  if (!checkStatus) return { check: 'status', passed: false, detail: 'not checked: no status checker was given' };
  try {
    return { check: 'status', ...(await checkStatus(credentialStatus)) };
  } catch (error) {
    return { check: 'status', passed: false, detail: `status not checked: ${callerMessage(error, 'the status entry is malformed')}` };
  }
}
