// Business metrics and traces for every function. Metrics go out with Powertools Metrics as CloudWatch
// embedded metric format (a JSON line in the function's log that CloudWatch turns into metrics: no
// PutMetricData call, nothing on the request path). Outside Lambda (the local city, tests) the same
// metrics are written through the structured logger instead, at INFO, so `npm start` stays quiet at
// its default WARN level. Traces (tracing.ts) only in Lambda, and only for invocations X-Ray sampled.
import { isRequestXRaySampled } from '@aws-lambda-powertools/commons/utils/env';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj, Request } from '@middy/core';
import { METRICS_NAMESPACE, businessMetrics, type BusinessMetric, type VerificationVerdict } from '../../definitions/metrics';
import { logger } from './logger';

const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
const options = { namespace: METRICS_NAMESPACE, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cities-of-learning' };

const metrics = new Metrics(options);
// Summed here and handed to Powertools once per flush: it would publish on its own (to stdout, even
// locally) once a metric held 100 values, which one import slice or batch award reaches.
const counts = new Map<BusinessMetric, number>();

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
  counts.set(metric, (counts.get(metric) ?? 0) + value);
}

/** Publishes what the invocation counted. The HTTP chain calls it after every request; other handlers call it themselves. */
export function flushMetrics(): void {
  for (const [metric, total] of counts) metrics.addMetric(metric, MetricUnit.Count, total);
  counts.clear();
  publish(metrics);
}

export const verdictOf = (result: { verified: boolean; reports: readonly unknown[] }): VerificationVerdict =>
  result.reports.length === 0 ? 'no-badge' : result.verified ? 'verified' : 'not-verified';

/** One verification, under its verdict (a dimension of its own, so it goes out at once, apart from the other metrics). */
export function countVerification(result: { verified: boolean; reports: readonly unknown[] }): void {
  const single = new Metrics(options);
  single.addDimension('verdict', verdictOf(result));
  single.addMetric(businessMetrics.verifications, MetricUnit.Count, 1);
  publish(single);
}

/** Counts a failed KMS Sign call and rethrows its error (call it from the catch of the Sign call). */
export function countSigningError(error: unknown): never {
  countMetric(businessMetrics.signingErrors);
  throw error;
}

const publishMetrics: MiddlewareObj = { after: flushMetrics, onError: flushMetrics };

let tracing: Promise<MiddlewareObj> | undefined;
const TRACED = Symbol('traced');

/** Delegates to the tracer's middleware on sampled invocations, loading it on the first one. */
const traceSampled: MiddlewareObj = {
  before: async (request) => {
    if (!inLambda || !isRequestXRaySampled()) return;
    tracing ??= import('./tracing').then(({ traceHandler }) => traceHandler);
    (request.internal as Record<symbol, unknown>)[TRACED] = true;
    await (await tracing).before?.(request);
  },
  after: async (request) => traced(request, 'after'),
  onError: async (request) => traced(request, 'onError'),
};

async function traced(request: Request, hook: 'after' | 'onError'): Promise<void> {
  if (!(request.internal as Record<symbol, unknown>)[TRACED]) return;
  await (await tracing!)[hook]?.(request);
}

/** For the HTTP chain: sampled invocations traced, and the invocation's metrics published, errors included. */
export const observability = (): MiddlewareObj[] => [traceSampled, publishMetrics];
