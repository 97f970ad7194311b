// What POST /verify answers: which checks ran, which passed, and what the badge says it is.
export interface Check {
  check: string;
  passed: boolean;
  detail: string;
}

export interface VerificationReport {
  format: 'ob2-hosted' | 'ob3-credential' | 'unsupported';
  verified: boolean;
  badge?: { name?: string; issuer?: { id?: string; name?: string }; issuedOn?: string; expires?: string };
  checks: Check[];
}

export const report = (format: VerificationReport['format'], checks: Check[], badge?: VerificationReport['badge']): VerificationReport => ({
  format,
  verified: checks.length > 0 && checks.every((c) => c.passed),
  ...(badge ? { badge } : {}),
  checks,
});

/** JSON equality regardless of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
