// X-Ray active tracing for a city function: Lambda samples (its default: the first request each
// second and 5% of the rest) and the Powertools Tracer in the function adds the handler and its AWS
// SDK calls. Set on the L1 function so that CityFunction's own props stay as they are.
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { CityFunction } from './city-function';

export function enableTracing(target: CityFunction): void {
  (target.fn.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: 'Active' };
  target.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }));
  Validations.of(target.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions (the X-Ray service ' +
      'authorization reference lists no resource types for them), so "*" is the only resource they can be granted on; ' +
      'they write trace data and read nothing.',
  });
}
