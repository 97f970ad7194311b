// BadgeImages.bindBucket, which no route group uses yet: the grant it makes, and that its one
// acknowledgement covers exactly the finding that grant raises. One small stack, synthesised once.
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCities } from '../../lib/city-app';
import { BadgeImages } from '../../lib/constructs/badge-images';
import { CityFunction } from '../../lib/constructs/city-function';
import { repoRoot } from '../../lib/repo-root';
import { acknowledgementsUnder, newApp, unusedAcknowledgements } from './synth';

let stack: Stack;
let template: Template;
let images: BadgeImages;

beforeAll(() => {
  const app = newApp();
  addCities(app, []); // the same cdk-nag gate as the app: synth throws on any finding
  stack = new Stack(app, 'Binding');
  images = new BadgeImages(stack, 'BadgeImages', { dataRetention: 'destroy' });
  for (const access of ['read', 'read-write'] as const) {
    const fn = new CityFunction(stack, access, {
      entry: join(repoRoot, 'functions/system/handler.ts'),
      description: `bound ${access}`,
      environment: {},
      dataRetention: 'destroy',
    });
    images.bindBucket(fn, access);
  }
  template = Template.fromStack(stack);
});

const objectGrant = (description: string) => {
  const functions = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: description } }));
  const roleId = functions[0]!.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles[0].Ref === roleId);
  return {
    variables: functions[0]!.Properties.Environment.Variables,
    statements: policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s: any) => !String(s.Action).startsWith('logs:')),
  };
};

describe('bindBucket', () => {
  it.each([
    ['read', ['s3:GetObject']],
    ['read-write', ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']],
  ])('grants %s on the objects of the badge bucket only, and names the bucket', (access, actions) => {
    const { variables, statements } = objectGrant(`bound ${access}`);
    expect(variables.BUCKET_NAME).toEqual({ Ref: expect.stringMatching(/^BadgeImagesBucket/) });
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: actions.length === 1 ? actions[0] : expect.toSatisfy((granted: string[]) => [...granted].sort().join() === [...actions].sort().join()),
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^BadgeImagesBucket/), 'Arn'] }, '/*']] },
      },
    ]);
  });

  it("acknowledges the objects wildcard, and it is the bucket's only finding on each role", () => {
    const bucketId = stack.resolve((images.bucket.node.defaultChild as CfnBucket).logicalId) as string;
    expect(acknowledgementsUnder(stack).map((ack) => ack.id)).toEqual(Array<string>(2).fill(`AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`));
    expect(unusedAcknowledgements(stack)).toEqual([]);
  });
});
