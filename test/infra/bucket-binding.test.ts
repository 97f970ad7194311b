// BadgeImages.bindBucket on its own: the grants it makes (reading or writing every object, or reading
// them and writing under some key prefixes only), and that its acknowledgements cover exactly the
// findings those grants raise. One small stack, synthesised once.
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCities } from '../../lib/city-app';
import { BadgeImages } from '../../lib/constructs/badge-images';
import { CityFunction } from '../../lib/constructs/city-function';
import { repoRoot } from '../../lib/repo-root';
import { acknowledgementsUnder, newApp, objectAccess, unusedAcknowledgements } from './synth';

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
  const prefixed = new CityFunction(stack, 'prefixes', {
    entry: join(repoRoot, 'functions/system/handler.ts'),
    description: 'bound read, writing two prefixes',
    environment: {},
    dataRetention: 'destroy',
  });
  images.bindBucket(prefixed, 'read', ['renditions/', 'drafts/']);
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

  it('with write prefixes: reads every object, and puts and deletes only under those prefixes', () => {
    const { variables, statements } = objectGrant('bound read, writing two prefixes');
    expect(variables.BUCKET_NAME).toEqual({ Ref: expect.stringMatching(/^BadgeImagesBucket/) });
    expect(objectAccess(statements)).toEqual({ 's3:GetObject': ['/*'], 's3:PutObject': ['/drafts/*', '/renditions/*'], 's3:DeleteObject': ['/drafts/*', '/renditions/*'] });
  });

  it("acknowledges each objects wildcard it grants, and they are the bucket's only findings on each role", () => {
    const bucketId = stack.resolve((images.bucket.node.defaultChild as CfnBucket).logicalId) as string;
    const wildcard = (suffix: string) => `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>${suffix}]`;
    expect(acknowledgementsUnder(stack).map((ack) => ack.id)).toEqual([wildcard('/*'), wildcard('/*'), wildcard('/*'), wildcard('/renditions/*'), wildcard('/drafts/*')]);
    expect(unusedAcknowledgements(stack)).toEqual([]);
  });
});
