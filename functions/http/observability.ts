// Business metrics and traces for every function. Metrics go out with Powertools Metrics as CloudWatch
// embedded metric format (a JSON line in the function's log that CloudWatch turns into metrics: no
// PutMetricData call, nothing on the request path). Outside Lambda (the local city, tests) the same
// metrics are written through the structured logger instead, at INFO, so `npm start` stays quiet at
// its default WARN level. Traces: Powertools Tracer (X-Ray), active only in Lambda; it records the
// handler and, by patching https, every AWS SDK call (DynamoDB, S3, KMS, SQS) as a subsegment.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { METRICS_NAMESPACE, businessMetrics, type BusinessMetric, type VerificationVerdict } from '../../definitions/metrics';
import { logger } from './logger';

const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
const options = { namespace: METRICS_NAMESPACE, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cities-of-learning' };

const metrics = new Metrics(options);
export const tracer = new Tracer({ serviceName: options.serviceName });

function publish(target: Metrics): void {
  if (!target.hasStoredMetrics()) return;
  if (inLambda) {
    target.publishStoredMetrics();
    return;
  }
  logger.info('metrics', { metrics: target.serializeMetrics() });
  target.clearMetrics();
}

/** Counts `value` of `metric`; published with the invocation's other metrics when it ends (flushMetrics). */
export function countMetric(metric: BusinessMetric, value = 1): void {
  metrics.addMetric(metric, MetricUnit.Count, value);
}

/** Publishes what the invocation counted. The HTTP chain calls it after every request; other handlers call it themselves. */
export const flushMetrics = (): void => publish(metrics);

export const verdictOf = (result: { verified: boolean; reports: readonly unknown[] }): VerificationVerdict =>
  result.reports.length === 0 ? 'no-badge' : result.verified ? 'verified' : 'not-verified';

/** One verification, under its verdict (a dimension of its own, so it goes out at once, apart from the other metrics). */
export function countVerification(result: { verified: boolean; reports: readonly unknown[] }): void {
  const single = new Metrics(options);
  single.addDimension('verdict', verdictOf(result));
  single.addMetric(businessMetrics.verifications, MetricUnit.Count, 1);
  publish(single);
}

/** Counts a failed KMS Sign call and rethrows: `sign().catch(countSigningError)`. */
export function countSigningError(error: unknown): never {
  countMetric(businessMetrics.signingErrors);
  throw error;
}

const publishMetrics: MiddlewareObj = { after: flushMetrics, onError: flushMetrics };

/**
 * For the HTTP chain: the handler traced (responses are not recorded: pages and answers may name
 * learners) and the invocation's metrics published, errors included.
 */
export const observability = (): MiddlewareObj[] => [captureLambdaHandler(tracer, { captureResponse: false }), publishMetrics];
