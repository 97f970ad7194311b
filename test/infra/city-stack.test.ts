// The synthesised city stacks: a dev city (the demo) and a production city, each synthesised once.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RENDITIONS_PREFIX } from '../../definitions/bucket';
import type { CityConfig } from '../../definitions/city-config';
import { groupGrants } from '../../definitions/function-grants';
import { IMAGE_CONTENT_SECURITY_POLICY, PAGE_CONTENT_SECURITY_POLICY } from '../../definitions/security-headers';
import { READINESS_PROBE_KEY } from '../../definitions/table';
import { apiKeyAuthorizer, fallbackRoute, headRouteKey, routeGroups, routeKey, routes, type Route, type RouteGroup, type RouteGroupName } from '../../definitions/routes';
import type { CityStack } from '../../lib/city-stack';
import { streamConsumers, type StreamConsumer } from '../../definitions/consumers';
import { gradualDeployments } from '../../lib/constructs/gradual-deployment';
import { WORKER_DESCRIPTION } from '../../lib/constructs/import-jobs';
import { IMPORT_MAX_RECEIVES, IMPORT_WORKER_TIMEOUT_SECONDS } from '../../definitions/import-jobs';
import { acknowledgementsUnder, demoCity, objectAccess, productionCity, synthCities, unusedAcknowledgements, type SynthesisedCities } from './synth';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

const demo = demoCity();
const production = productionCity();
let synth: SynthesisedCities;
let stacks: Record<'dev' | 'production', CityStack>;

beforeAll(() => {
  synth = synthCities([demo, production]);
  stacks = { dev: synth.stacks[0]!, production: synth.stacks[1]! };
});

const template = (city: 'dev' | 'production'): Template => synth.template(stacks[city]);
const resources = (t: Template, type: string) => Object.entries(t.findResources(type)) as [string, Resource][];
const only = (t: Template, type: string): Resource => {
  const found = resources(t, type);
  expect(found).toHaveLength(1);
  return found[0]![1];
};

/** The city's Lambda function with this description (the route group's, or the spine sync's). */
function cityFunction(t: Template, description: string): [string, Resource] {
  const found = resources(t, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Description === description);
  expect(found, description).toHaveLength(1);
  return found[0]!;
}

/** Every IAM action the function's role is allowed. */
function allowedActions(t: Template, fn: Resource): string[] {
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return resources(t, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[])
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => [statement.Action].flat() as string[]);
}

const dynamoWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const groups = Object.entries(routeGroups as Record<RouteGroupName, RouteGroup>) as [RouteGroupName, RouteGroup][];
const SPINE_DESCRIPTION = "Writes the city's skills spine into the city table on deploy";

describe.each([
  ['dev', demo],
  ['production', production],
] as const)('the %s city', (city, config: CityConfig) => {
  describe('table', () => {
    it('is on-demand with the shared key schema: pk/sk, three ALL-projected GSIs, all strings, and TTL', () => {
      const table = only(template(city), 'AWS::DynamoDB::GlobalTable').Properties;
      expect(table.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(table.GlobalSecondaryIndexes.map((i: any) => [i.IndexName, i.KeySchema.map((k: any) => k.AttributeName), i.Projection.ProjectionType])).toEqual([
        ['gsi1', ['gsi1pk', 'gsi1sk'], 'ALL'],
        ['gsi2', ['gsi2pk', 'gsi2sk'], 'ALL'],
        ['gsi3', ['gsi3pk', 'gsi3sk'], 'ALL'],
      ]);
      expect(new Set(table.AttributeDefinitions.map((a: any) => a.AttributeType))).toEqual(new Set(['S']));
      expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
      expect(table.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    });

    it('has point-in-time recovery', () => {
      const [replica] = only(template(city), 'AWS::DynamoDB::GlobalTable').Properties.Replicas;
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    });

    it(city === 'production' ? 'is retained and deletion-protected' : 'is deleted with the stack', () => {
      const table = only(template(city), 'AWS::DynamoDB::GlobalTable');
      const retain = city === 'production';
      expect(table.DeletionPolicy).toBe(retain ? 'Retain' : 'Delete');
      expect(table.UpdateReplacePolicy).toBe(retain ? 'Retain' : 'Delete');
      expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(retain);
    });
  });

  describe('buckets', () => {
    it('block all public access, are encrypted and refuse plain HTTP', () => {
      const t = template(city);
      // Badge images, the access logs and the analytics exports (lib/constructs/city-analytics.ts).
      const buckets = resources(t, 'AWS::S3::Bucket');
      expect(buckets).toHaveLength(3);
      for (const [id, bucket] of buckets) {
        expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
        const policy = resources(t, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === id);
        expect(policy?.[1].Properties.PolicyDocument.Statement, id).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
      }
    });

    it('keep badge images versioned, owner-enforced and access-logged', () => {
      const t = template(city);
      const images = resources(t, 'AWS::S3::Bucket').find(([, b]) => b.Properties.VersioningConfiguration);
      expect(images?.[1].Properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^BadgeImagesAccessLogs/) } },
      });
    });

    it('grant nothing to everyone', () => {
      for (const [id, policy] of resources(template(city), 'AWS::S3::BucketPolicy')) {
        for (const statement of policy.Properties.PolicyDocument.Statement) {
          if (statement.Effect !== 'Allow') continue;
          expect([statement.Principal, statement.Principal?.AWS], id).not.toContain('*');
        }
      }
    });

    it(city === 'production' ? 'are retained' : 'are emptied and deleted with the stack', () => {
      const t = template(city);
      for (const [, bucket] of resources(t, 'AWS::S3::Bucket')) {
        expect(bucket.DeletionPolicy).toBe(city === 'production' ? 'Retain' : 'Delete');
      }
      expect(resources(t, 'Custom::S3AutoDeleteObjects')).toHaveLength(city === 'production' ? 0 : 3);
    });
  });

  describe('CloudFront', () => {
    it('serves /images/* from the bucket through origin access control only', () => {
      const t = template(city);
      const distribution = only(t, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
      const s3Origin = distribution.Origins.find((o: any) => o.S3OriginConfig);
      expect(s3Origin).toMatchObject({
        DomainName: { 'Fn::GetAtt': [expect.stringMatching(/^BadgeImagesBucket/), 'RegionalDomainName'] },
        OriginAccessControlId: { 'Fn::GetAtt': [expect.any(String), 'Id'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      });
      expect(distribution.CacheBehaviors).toEqual([
        expect.objectContaining({ PathPattern: '/images/*', TargetOriginId: s3Origin.Id, ViewerProtocolPolicy: 'redirect-to-https' }),
      ]);
      expect(only(t, 'AWS::CloudFront::OriginAccessControl').Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
      t.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 's3:GetObject',
              Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
            }),
          ]),
        },
      });
    });

    it('sends everything else to the API over TLS 1.2, caching only what the API allows, per Accept and query', () => {
      const t = template(city);
      const distribution = only(t, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
      const apiOrigin = distribution.Origins.find((o: any) => o.CustomOriginConfig);
      expect(JSON.stringify(apiOrigin.DomainName)).toContain('.execute-api.');
      expect(apiOrigin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
      expect(distribution.DefaultCacheBehavior).toMatchObject({
        TargetOriginId: apiOrigin.Id,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // managed AllViewerExceptHostHeader
      });
      expect(only(t, 'AWS::CloudFront::CachePolicy').Properties.CachePolicyConfig).toMatchObject({
        MinTTL: 0,
        DefaultTTL: 0,
        MaxTTL: 86400,
        ParametersInCacheKeyAndForwardedToOrigin: {
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Accept', 'Authorization'] },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          CookiesConfig: { CookieBehavior: 'none' },
        },
      });
      expect(distribution.Logging).toEqual({
        Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^BadgeImagesAccessLogs/), 'RegionalDomainName'] },
        Prefix: 'cloudfront/',
      });
    });

    it('adds HSTS and the security headers to every answer: the page CSP where the API sends none, the image CSP on bucket images', () => {
      const t = template(city);
      const distribution = only(t, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
      const policies = Object.fromEntries(resources(t, 'AWS::CloudFront::ResponseHeadersPolicy').map(([id, policy]) => [id, policy.Properties.ResponseHeadersPolicyConfig]));
      const policyOf = (behaviour: any) => policies[behaviour.ResponseHeadersPolicyId.Ref];
      const images = distribution.CacheBehaviors.find((b: any) => b.PathPattern === '/images/*');
      const common = {
        StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'same-origin', Override: true },
      };
      expect(policyOf(distribution.DefaultCacheBehavior).SecurityHeadersConfig).toEqual({
        ...common,
        ContentSecurityPolicy: { ContentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY, Override: false },
      });
      expect(policyOf(images).SecurityHeadersConfig).toEqual({ ...common, ContentSecurityPolicy: { ContentSecurityPolicy: IMAGE_CONTENT_SECURITY_POLICY, Override: true } });
      expect(PAGE_CONTENT_SECURITY_POLICY).toMatch(/frame-ancestors 'none'/);
    });

    it(city === 'production' ? 'answers on the custom domain with TLS 1.2 or later' : 'uses the CloudFront domain', () => {
      const distribution = only(template(city), 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
      if (city === 'production') {
        expect(distribution.Aliases).toEqual([config.customDomain!.domainName]);
        expect(distribution.ViewerCertificate).toEqual({
          AcmCertificateArn: config.customDomain!.certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        });
      } else {
        expect(distribution.Aliases).toBeUndefined();
      }
    });
  });

  describe('Lambda functions', () => {
    it('are one per route group plus the spine sync: Node.js 24 on arm64, 512 MB, own log group and role', () => {
      const t = template(city);
      const descriptions = [...groups.map(([, group]) => group.description), SPINE_DESCRIPTION];
      const cityFunctions = resources(t, 'AWS::Lambda::Function').filter(([, fn]) => descriptions.includes(fn.Properties.Description));
      expect(cityFunctions).toHaveLength(descriptions.length);
      for (const description of descriptions) {
        const [id, fn] = cityFunction(t, description);
        expect(fn.Properties, id).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          MemorySize: 512,
          Handler: 'index.handler',
          LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
        });
        const roleId = fn.Properties.Role['Fn::GetAtt'][0];
        expect(t.findResources('AWS::IAM::Role')[roleId]?.Properties.ManagedPolicyArns, id).toBeUndefined();
        expect(allowedActions(t, fn), id).toEqual(expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']));
      }
      for (const [, group] of groups) {
        expect(cityFunction(t, group.description)[1].Properties.Timeout).toBe(('timeoutSeconds' in group && group.timeoutSeconds) || 10);
      }
      for (const [, logGroup] of resources(t, 'AWS::Logs::LogGroup')) expect(logGroup.Properties.RetentionInDays).toBeGreaterThanOrEqual(30);
    });

    it('each run an asset of their own, built from their entry and split into chunks, with their files beside it', () => {
      const t = template(city);
      const functions = groups.map(([, group]) => cityFunction(t, group.description)[1]);
      const hashes = functions.map((fn) => String(fn.Properties.Code.S3Key).replace(/\.zip$/, ''));
      // The CDK caches assets by their bundling options: were the entry not among them, groups would share one.
      expect(new Set(hashes).size).toBe(functions.length);
      const badges = join(synth.app.outdir, `asset.${hashes[groups.findIndex(([name]) => name === 'badges')]}`);
      expect(readdirSync(badges)).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map', 'chunks', ...routeGroups.badges.assets!.map((file) => basename(file))]));
      // The tracer is only imported on a sampled request: a chunk of its own, not in index.mjs.
      expect(readdirSync(join(badges, 'chunks')).some((file) => /^tracing-\w+\.mjs$/.test(file))).toBe(true);
    });

    it('all know the city and its public URL', () => {
      const t = template(city);
      for (const description of [...groups.map(([, group]) => group.description), SPINE_DESCRIPTION, WORKER_DESCRIPTION]) {
        const variables = cityFunction(t, description)[1].Properties.Environment.Variables;
        expect(variables).toMatchObject({
          CITY_ID: config.id,
          CITY_NAME: config.name,
          CITY_BRANDING: JSON.stringify(config.branding),
          POWERTOOLS_SERVICE_NAME: `city-${config.id}`,
        });
        // Parsing the source map at every cold start is what the logger's own stack mapping avoids.
        expect(variables).not.toHaveProperty('NODE_OPTIONS');
        if (city === 'production') expect(variables.PUBLIC_BASE_URL).toBe(`https://${config.customDomain!.domainName}`);
        else expect(JSON.stringify(variables.PUBLIC_BASE_URL)).toMatch(/PublicSiteDistribution.*DomainName/);
      }
    });

    it.each(groups)('group %s gets exactly the table access it declares or its routes imply', (name, group) => {
      const t = template(city);
      const fn = cityFunction(t, group.description)[1];
      const actions = allowedActions(t, fn);
      const variables = fn.Properties.Environment.Variables;
      const { table, readiness } = groupGrants(name, group);
      if (!table) {
        // The readiness check reads one fixed key (tested below), nothing else.
        expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual(readiness ? ['dynamodb:GetItem'] : []);
        if (!readiness) expect(variables.TABLE_NAME).toBeUndefined();
        return;
      }
      expect(variables.TABLE_NAME).toEqual({ Ref: expect.stringMatching(/^DataTable/) });
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      if (table === 'read') for (const write of dynamoWrites) expect(actions).not.toContain(write);
      else expect(actions).toEqual(expect.arrayContaining(dynamoWrites));
    });

    it('skills reads the table and cannot write it; system may only read the readiness key and head the bucket', () => {
      const t = template(city);
      const skills = allowedActions(t, cityFunction(t, routeGroups.skills.description)[1]);
      expect(skills).toContain('dynamodb:Query');
      for (const write of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) expect(skills).not.toContain(write);
      const system = cityFunction(t, routeGroups.system.description)[1];
      const roleId = system.Properties.Role['Fn::GetAtt'][0] as string;
      const statements = resources(t, 'AWS::IAM::Policy')
        .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[])
        .filter((statement) => [statement.Action].flat().some((action: string) => /^(dynamodb|s3):/.test(action)));
      expect(statements).toEqual([
        {
          Effect: 'Allow',
          Action: 'dynamodb:GetItem',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^DataTable/), 'Arn'] },
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [READINESS_PROBE_KEY.pk] } },
        },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^BadgeImagesBucket/), 'Arn'] } },
      ]);
    });

    it('only signing groups can use the signing key: sign and read its public key, nothing else', () => {
      const t = template(city);
      for (const [name, group] of groups) {
        const fn = cityFunction(t, group.description)[1];
        const kmsActions = allowedActions(t, fn).filter((a) => a.startsWith('kms:'));
        expect(kmsActions.sort(), name).toEqual('signs' in group && group.signs ? ['kms:GetPublicKey', 'kms:Sign'] : []);
      }
      t.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
    });

    it("only the authorizer and groups granted it (declared or implied by their routes) can read the city's secret", () => {
      const t = template(city);
      for (const [name, group] of groups) {
        const fn = cityFunction(t, group.description)[1];
        const granted = groupGrants(name, group).citySecret === true;
        expect(allowedActions(t, fn).includes('secretsmanager:GetSecretValue'), name).toBe(granted);
        expect(fn.Properties.Environment.Variables.CITY_SECRET_ARN === undefined, name).toBe(!granted);
      }
      const authorizer = cityFunction(t, apiKeyAuthorizer.description)[1];
      expect(allowedActions(t, authorizer)).toContain('secretsmanager:GetSecretValue');
    });

    it('the authorizer reads the table and may only update (last used), never put or delete', () => {
      const t = template(city);
      const actions = allowedActions(t, cityFunction(t, apiKeyAuthorizer.description)[1]);
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem']));
      for (const write of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) expect(actions).not.toContain(write);
      expect(allowedActions(t, cityFunction(t, apiKeyAuthorizer.description)[1]).filter((a) => a.startsWith('kms:') || a.startsWith('s3:'))).toEqual([]);
    });

    it('no function can reach the badge bucket unless its group declares it', () => {
      const t = template(city);
      for (const [name, group] of groups) {
        const s3Actions = allowedActions(t, cityFunction(t, group.description)[1]).filter((a) => a.startsWith('s3:'));
        // Groups that take imports reach their two prefixes only (see the import jobs tests).
        const probe = group.readiness ? ['s3:ListBucket'] : [];
        if (!group.bucket) expect(s3Actions, name).toEqual('submitsImports' in group && group.submitsImports ? ['s3:PutObject', 's3:GetObject'] : probe);
      }
    });

    it('the badges group reads the bucket and writes only its PNG renditions', () => {
      const t = template(city);
      const roleId = cityFunction(t, routeGroups.badges.description)[1].Properties.Role['Fn::GetAtt'][0] as string;
      const statements = resources(t, 'AWS::IAM::Policy')
        .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[])
        .filter((statement) => [statement.Action].flat().some((action: string) => action.startsWith('s3:')));
      const renditions = [`/${RENDITIONS_PREFIX}*`];
      expect(objectAccess(statements)).toEqual({ 's3:GetObject': ['/*'], 's3:PutObject': renditions, 's3:DeleteObject': renditions });
    });
  });

  describe('import jobs', () => {
    const queues = (t: Template) => resources(t, 'AWS::SQS::Queue');
    const jobQueue = (t: Template) => queues(t).find(([, q]) => q.Properties.RedrivePolicy)!;
    // The import queue's dead-letter queue is the one FIFO queue without a redrive policy (the stream consumers' are standard queues).
    const deadLetters = (t: Template) => queues(t).find(([, q]) => !q.Properties.RedrivePolicy && q.Properties.FifoQueue)!;
    /** Every Allow statement of the function's role, without its log statement. */
    const grants = (t: Template, description: string) => {
      const roleId = cityFunction(t, description)[1].Properties.Role['Fn::GetAtt'][0] as string;
      return resources(t, 'AWS::IAM::Policy')
        .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[])
        .filter((statement) => !String(statement.Action).startsWith('logs:'));
    };
    const objectsUnder = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^BadgeImagesBucket/), 'Arn'] }, `/${prefix}`]] });

    it('go through an encrypted, TLS-only FIFO queue whose failures end in a dead-letter queue', () => {
      const t = template(city);
      // The import queue and its dead-letter queue, beside one dead-letter queue per stream consumer.
      expect(queues(t)).toHaveLength(2 + Object.keys(streamConsumers).length);
      const [queueId, queue] = jobQueue(t);
      const [deadLettersId, deadLetterQueue] = deadLetters(t);
      expect(queue.Properties).toMatchObject({
        FifoQueue: true,
        SqsManagedSseEnabled: true,
        // Lambda's advice for an SQS event source: six times the function timeout.
        VisibilityTimeout: IMPORT_WORKER_TIMEOUT_SECONDS * 6,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] }, maxReceiveCount: IMPORT_MAX_RECEIVES },
      });
      expect(deadLetterQueue.Properties).toMatchObject({ FifoQueue: true, SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
      for (const id of [queueId, deadLettersId]) {
        const policy = resources(t, 'AWS::SQS::QueuePolicy').find(([, p]) => p.Properties.Queues.some((q: any) => q.Ref === id));
        expect(policy?.[1].Properties.PolicyDocument.Statement, id).toEqual([
          expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]);
      }
    });

    it("are processed by the worker: one message at a time, partial failures reported, at most the city's imports.maxWorkers at once", () => {
      const t = template(city);
      const [workerId, worker] = cityFunction(t, WORKER_DESCRIPTION);
      expect(worker.Properties).toMatchObject({ Timeout: IMPORT_WORKER_TIMEOUT_SECONDS, MemorySize: 1024, Runtime: 'nodejs24.x', Architectures: ['arm64'] });
      expect(worker.Properties.Environment.Variables.IMPORT_QUEUE_URL).toEqual({ Ref: jobQueue(t)[0] });
      const [[, sqsMapping]] = resources(t, 'AWS::Lambda::EventSourceMapping').filter(([, m]) => !m.Properties.StartingPosition) as [[string, Resource]];
      expect(sqsMapping.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [jobQueue(t)[0], 'Arn'] },
        FunctionName: { Ref: workerId },
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: city === 'production' ? 12 : 5 },
      });
    });

    it('let the worker award like the awards group, use its own queue, and delete uploads for good', () => {
      const t = template(city);
      const statements = grants(t, WORKER_DESCRIPTION);
      const awardsActions = allowedActions(t, cityFunction(t, routeGroups.awards.description)[1]);
      expect(allowedActions(t, cityFunction(t, WORKER_DESCRIPTION)[1])).toEqual(expect.arrayContaining(awardsActions));
      expect(statements.filter((s) => String(s.Action).includes('sqs:'))).toEqual([
        expect.objectContaining({ Resource: { 'Fn::GetAtt': [jobQueue(t)[0], 'Arn'] } }),
      ]);
      expect(statements).toContainEqual({ Effect: 'Allow', Action: 's3:DeleteObjectVersion', Resource: objectsUnder('imports/uploads/*') });
    });

    it('are submitted by the imports group, which stores uploads, reads reports and queues jobs, and nothing else of the bucket', () => {
      const t = template(city);
      const statements = grants(t, routeGroups.imports.description);
      expect(statements.filter((s) => String(s.Action).includes('s3:'))).toEqual([
        { Effect: 'Allow', Action: 's3:PutObject', Resource: objectsUnder('imports/uploads/*') },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: objectsUnder('imports/reports/*') },
      ]);
      expect(statements.filter((s) => String(s.Action).includes('sqs:'))).toEqual([
        { Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: { 'Fn::GetAtt': [jobQueue(t)[0], 'Arn'] } },
      ]);
      expect(allowedActions(t, cityFunction(t, routeGroups.imports.description)[1]).filter((a) => a.startsWith('kms:'))).toEqual([]);
    });

    it('keep uploads and reports private: expiring on their own, and out of reach of the public site', () => {
      const t = template(city);
      const bucket = resources(t, 'AWS::S3::Bucket').find(([id]) => id.startsWith('BadgeImagesBucket'))![1];
      expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Prefix: 'imports/uploads/', ExpirationInDays: 7, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
          expect.objectContaining({ Prefix: 'imports/reports/', ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }),
        ]),
      );
      const policy = resources(t, 'AWS::S3::BucketPolicy').find(([, p]) => String(p.Properties.Bucket.Ref).startsWith('BadgeImagesBucket'))![1];
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
        Sid: 'NoPublicSiteAccessToImports',
        Effect: 'Deny',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: objectsUnder('imports/*'),
      });
      // The one bucket behaviour of the distribution serves images/, a prefix imports are never under.
      const behaviours = only(t, 'AWS::CloudFront::Distribution').Properties.DistributionConfig.CacheBehaviors.map((b: any) => b.PathPattern);
      expect(behaviours).toEqual(['/images/*']);
    });
  });

  describe('HTTP API', () => {
    it('has every route of the route table, to its group, plus $default to the fallback group', () => {
      const t = template(city);
      const routeResources = resources(t, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
      // A GET route marked `head` also answers HEAD, with the same function.
      const deployed = (routes as readonly Route[]).flatMap((route) => (route.head ? [[routeKey(route), route], [headRouteKey(route), route]] : [[routeKey(route), route]]) as [string, Route][]);
      expect(routeResources.map((r) => r.RouteKey).sort()).toEqual([...deployed.map(([key]) => key), fallbackRoute.routeKey].sort());
      expect(deployed.filter(([key]) => key.startsWith('HEAD ')).map(([key]) => key)).toContain('HEAD /badges/{awardId}');
      const integrations = t.findResources('AWS::ApiGatewayV2::Integration');
      const functions = t.findResources('AWS::Lambda::Function');
      const aliases = t.findResources('AWS::Lambda::Alias');
      const groupOf = (routeResource: any) => {
        const integrationId = routeResource.Target['Fn::Join'][1][1].Ref;
        const uri = integrations[integrationId]!.Properties.IntegrationUri;
        // A gradually deployed group is integrated through its alias (test/infra/operations.test.ts).
        const functionId = uri.Ref ? aliases[uri.Ref]!.Properties.FunctionName.Ref : uri['Fn::GetAtt'][0];
        return functions[functionId]!.Properties.Description;
      };
      const expected = [...deployed.map(([key, route]) => [key, route.group] as const), [fallbackRoute.routeKey, fallbackRoute.group] as const];
      for (const [key, group] of expected) {
        const routeResource = routeResources.find((r) => r.RouteKey === key);
        expect(groupOf(routeResource), key).toBe(routeGroups[group].description);
        const route = deployed.find(([k]) => k === key)?.[1];
        expect(routeResource?.AuthorizationType, key).toBe(route?.access.kind === 'authenticated' ? 'CUSTOM' : 'NONE');
      }
      expect(resources(t, 'AWS::ApiGatewayV2::Integration')).toHaveLength(groups.length);
    });

    it('puts the API key authorizer, cached per Authorization header, in front of every authenticated route', () => {
      const t = template(city);
      const authorizer = only(t, 'AWS::ApiGatewayV2::Authorizer');
      expect(authorizer.Properties).toMatchObject({
        AuthorizerType: 'REQUEST',
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.Authorization'],
        AuthorizerResultTtlInSeconds: apiKeyAuthorizer.cacheSeconds,
      });
      const [authorizerId] = resources(t, 'AWS::ApiGatewayV2::Authorizer')[0]!;
      for (const [, r] of resources(t, 'AWS::ApiGatewayV2::Route')) {
        if (r.Properties.AuthorizationType === 'CUSTOM') expect(r.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
      }
    });

    it('throttles every write route more strictly than the stage', () => {
      const stage = only(template(city), 'AWS::ApiGatewayV2::Stage');
      const writes = routes.filter((r) => r.method !== 'GET').map(routeKey);
      expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(writes.sort());
      for (const settings of Object.values(stage.Properties.RouteSettings)) {
        expect(settings).toEqual({ ThrottlingRateLimit: config.api.writeRateLimit, ThrottlingBurstLimit: config.api.writeBurstLimit });
      }
      expect(config.api.writeRateLimit).toBeLessThan(config.api.rateLimit);
    });

    it('has one auto-deployed $default stage with JSON access logs and the configured throttling', () => {
      const stage = only(template(city), 'AWS::ApiGatewayV2::Stage').Properties;
      expect(stage).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: config.api.rateLimit, ThrottlingBurstLimit: config.api.burstLimit },
        AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.stringMatching(/^ApiAccessLogs/), 'Arn'] } },
      });
      expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        integrationErrorMessage: '$context.integrationErrorMessage',
      });
    });
  });

  it('syncs the spine and the insights config (areas, disclosure rule) from the config through the spine function', () => {
    const t = template(city);
    const [spineFunctionId] = cityFunction(t, SPINE_DESCRIPTION);
    expect(only(t, 'Custom::SkillsSpine').Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [spineFunctionId, 'Arn'] },
      SpineJson: JSON.stringify(config.skillsSpine),
      InsightsJson: JSON.stringify(config.insights),
    });
  });

  it("outputs the API URL, public base URL, distribution, table, bucket, the city's secret's ARN, the signing key's, alarm topic, dashboard and analytics", () => {
    expect(Object.keys(template(city).findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn',
      'AnalyticsBucketName',
      'ApiUrl',
      'AthenaWorkGroup',
      'BucketName',
      'CitySecretArn',
      'DashboardName',
      'DistributionId',
      'GlueDatabase',
      'PublicBaseUrl',
      'SigningKeyK1Arn',
      'TableName',
    ]);
  });

  it('tags every taggable resource with the city id', () => {
    const tagged = Object.entries(template(city).toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Properties?.Tags);
    expect(tagged.length).toBeGreaterThan(10);
    for (const [id, resource] of tagged) {
      const tags = resource.Properties.Tags;
      const city = Array.isArray(tags) ? tags.find((tag: any) => tag.Key === 'city')?.Value : tags.city;
      expect(city, id).toBe(config.id);
    }
  });

  describe('cdk-nag (AWS Solutions)', () => {
    it('reports no unacknowledged finding, error or warning', () => {
      expect(synth.nagFindings.filter((finding) => finding.includes(` @ ${stacks[city].stackName}/`))).toEqual([]);
    });

    it('has no acknowledgement that no finding needs', () => {
      expect(unusedAcknowledgements(stacks[city])).toEqual([]);
    });

    it('acknowledges only the expected findings, each with a reason', () => {
      const acks = acknowledgementsUnder(stacks[city]);
      const consumers = Object.values(streamConsumers) as StreamConsumer[];
      const expected = [
        // public and learners' routes (the session is checked in the function; a head route twice: GET and HEAD) and $default; API key routes are behind the authorizer
        ...Array<string>((routes as readonly Route[]).filter((r) => r.access.kind !== 'authenticated').reduce((n, r) => n + (r.head ? 2 : 1), 0) + 1).fill('AwsSolutions-APIG4'),
        // the learners' user pool: passwordless, no second factor, the Essentials plan
        'AwsSolutions-COG1',
        'AwsSolutions-COG2',
        'AwsSolutions-COG8',
        'AwsSolutions-CFR1',
        // a dev city synthesised without a region has no WAF; the production city names its region and has one
        ...(city === 'production' ? [] : ['AwsSolutions-CFR2']),
        // the origin secret (the city's secret rotates: its own rotation function)
        'AwsSolutions-SMG4',
        // X-Ray's write actions, on every function's role: route groups, the authorizer, the spine sync, the import worker,
        // the city secret's rotation, the mail events handler, the learner purge and the stream's consumers; and each consumer's
        // dynamodb:ListStreams, which takes only *
        ...Array<string>(groups.length + 6 + 2 * consumers.length).fill('AwsSolutions-IAM5[Resource::*]'),
        // each consumer's on-failure queue is itself a dead-letter queue
        ...Array<string>(consumers.length).fill('AwsSolutions-SQS3'),
        // CodeDeploy's own policy on each gradually deployed group's deployment role
        ...Array<string>(Object.keys(gradualDeployments).length).fill('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]'),
        ...(city === 'production' ? [] : ['AwsSolutions-CFR4']),
        // each function bound to the table (groups that declare it, the authorizer and the spine sync) may query its
        // indexes; the logical ids are pinned too: a new one would mean a replaced table or bucket
        // (and the import worker, which awards like the awards group)
        // (and the mail events handler, the learner purge and the consumers that read the table)
        ...Array<string>(groups.filter(([, g]) => g.table).length + 5 + consumers.filter((c) => c.table).length).fill('AwsSolutions-IAM5[Resource::<DataTableFDBAD0F2.Arn>/index/*]'),
        ...Array<string>(groups.filter(([, g]) => g.bucket).length + 1 + consumers.filter((c) => c.bucket).length).fill('AwsSolutions-IAM5[Resource::<BadgeImagesBucket4D5B3E2C.Arn>/*]'),
        // imports: the worker deletes uploads' versions; the submitting group stores uploads and reads reports
        'AwsSolutions-IAM5[Resource::<BadgeImagesBucket4D5B3E2C.Arn>/imports/uploads/*]',
        'AwsSolutions-IAM5[Resource::<BadgeImagesBucket4D5B3E2C.Arn>/imports/uploads/*]',
        'AwsSolutions-IAM5[Resource::<BadgeImagesBucket4D5B3E2C.Arn>/imports/reports/*]',
        // the analytics export's state machine: its table's exports, the exports/ prefix it writes, and logs and X-Ray
        'AwsSolutions-IAM5[Resource::<DataTableFDBAD0F2.Arn>/export/*]',
        'AwsSolutions-IAM5[Resource::<AnalyticsBucketF3CB46A2.Arn>/exports/*]',
        'AwsSolutions-IAM5[Resource::*]',
        // groups that write only under some prefixes of the bucket (the badges group: its renditions)
        ...groups.flatMap(([, g]) => (('bucketWritePrefixes' in g ? g.bucketWritePrefixes : undefined) ?? []).map((prefix) => `AwsSolutions-IAM5[Resource::<BadgeImagesBucket4D5B3E2C.Arn>/${prefix}*]`)),
      ];
      expect(acks.map((ack) => ack.id).sort()).toEqual(expected.sort());
      for (const ack of acks) expect(ack.reason.length, `${ack.id} @ ${ack.path}`).toBeGreaterThan(100);
    });
  });
});

describe('the production city stack', () => {
  it('is termination-protected and deploys to its configured account and region', () => {
    expect(stacks.production.terminationProtection).toBe(true);
    expect(stacks.dev.terminationProtection).toBe(false);
    expect([stacks.production.account, stacks.production.region]).toEqual(['123456789012', 'eu-west-2']);
  });
});
