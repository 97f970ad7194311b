// X-Ray traces with Powertools Tracer: the handler as a segment and, by patching https, every AWS SDK
// call (DynamoDB, S3, KMS, SQS, Secrets Manager) as a subsegment. Loaded only by the first sampled
// invocation of a container (observability.ts), because the X-Ray SDK under it costs ~130 KB of bundle
// evaluation and ~45 ms of init that most cold starts would pay for nothing.
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cities-of-learning' });

// Responses are not recorded: pages and answers may name learners.
export const traceHandler = captureLambdaHandler(tracer, { captureResponse: false });
