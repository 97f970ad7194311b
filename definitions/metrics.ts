// The city's business metrics: what the functions emit (Powertools Metrics, as CloudWatch embedded
// metric format in their logs, so no extra call) and what the stack's alarms and dashboard read.
// Each metric carries the `service` dimension (POWERTOOLS_SERVICE_NAME, one per city).

export const METRICS_NAMESPACE = 'CitiesOfLearning';

export const businessMetrics = {
  awardsIssued: 'AwardsIssued',
  revocations: 'Revocations',
  importsSubmitted: 'ImportsSubmitted',
  importsCompleted: 'ImportsCompleted',
  importsFailed: 'ImportsFailed',
  /** With a `verdict` dimension: one of verificationVerdicts. */
  verifications: 'Verifications',
  /** KMS Sign calls that failed (KMS publishes no error metric of its own). */
  signingErrors: 'SigningErrors',
} as const;

export type BusinessMetric = (typeof businessMetrics)[keyof typeof businessMetrics];

/** `verified`: every report passed; `not-verified`: a badge was found and a check failed; `no-badge`: nothing to check. */
export const verificationVerdicts = ['verified', 'not-verified', 'no-badge'] as const;
export type VerificationVerdict = (typeof verificationVerdicts)[number];
