// cdk-nag names each wildcard it finds in an IAM policy after the CloudFormation reference it sits
// under, e.g. `AwsSolutions-IAM5[Resource::<DataTable1A2B3C4D.Arn>/index/*]`. Building that id from
// the resource itself keeps an acknowledgement pinned to exactly one wildcard on one resource.
import { Stack, type CfnResource } from 'aws-cdk-lib';

/** The IAM5 finding id for `<resource ARN><suffix>`, where the ARN is the resource's `Arn` attribute. */
export function wildcardUnderArn(resource: CfnResource, suffix: string): string {
  const logicalId = Stack.of(resource).resolve(resource.logicalId) as string;
  return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>${suffix}]`;
}
