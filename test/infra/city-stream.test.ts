// The city's event stream in the stack: the table streams new and old images; each consumer of
// definitions/consumers.ts is a Lambda with an event source mapping that reports partial batch
// failures, bisects, retries a bounded number of times for a bounded time, sends what it gives up to an
// SQS dead-letter queue, and sees only the records its filter names; its iterator age and its
// dead-letter queue are alarmed on; cdk-nag finds nothing unacknowledged. Synthesised with the test
// probe consumer (test/support/stream-probe.ts), so the wiring is checked whatever consumers the city has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { streamDelivery } from '../../definitions/consumers';
import { CityStack } from '../../lib/city-stack';
import { thresholds } from '../../lib/constructs/monitoring';
import { probeConsumer } from '../support/stream-probe';
import { demoCity, monitoringOf, newApp, unusedAcknowledgements } from './synth';

let stack: CityStack;
let template: Template;
let findings: string[];

beforeAll(() => {
  const app = newApp({ '@aws-cdk/core:failSynthOnValidationErrors': false });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  stack = new CityStack(app, 'StreamCity', { config: demoCity(), consumers: { probe: probeConsumer } });
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  findings = report.pluginReports.flatMap((p) => p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} @ ${c.constructPath}`)));
  template = Template.fromStack(stack);
}, 600_000);

const resources = (type: string) => Object.entries(template.findResources(type)) as [string, { Properties: Record<string, any> }][];

describe('the event stream', () => {
  it('streams new and old images of the city table', () => {
    const [[, table]] = resources('AWS::DynamoDB::GlobalTable') as [[string, { Properties: Record<string, any> }]];
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it("feeds each consumer through a mapping with the consumer's batch and filter and the shared delivery rules", () => {
    const mappings = resources('AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.StartingPosition !== undefined);
    expect(mappings).toHaveLength(1);
    const [, mapping] = mappings[0]!;
    expect(mapping.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: probeConsumer.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: streamDelivery.maxRetries,
      MaximumRecordAgeInSeconds: streamDelivery.maxRecordAgeSeconds,
      MaximumBatchingWindowInSeconds: streamDelivery.maxBatchingWindowSeconds,
      ParallelizationFactor: 1,
    });
    const [dlqId] = resources('AWS::SQS::Queue').find(([id]) => id.startsWith('StreamprobeDeadLetters'))!;
    expect(mapping.Properties.DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } });
    const patterns = mapping.Properties.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([{ eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { pk: { S: [{ prefix: 'PROBE#' }] } } } }]);
  });

  it('gives the consumer exactly its grants: the table, no bucket, no signing key, no secret', () => {
    const [fnId, fn] = resources('AWS::Lambda::Function').find(([, f]) => f.Properties.Description === probeConsumer.description)!;
    expect(Object.keys(fn.Properties.Environment.Variables)).toContain('TABLE_NAME');
    expect(Object.keys(fn.Properties.Environment.Variables)).not.toContain('BUCKET_NAME');
    const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const actions = resources('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'sqs:SendMessage']));
    expect(actions.filter((a) => /^(s3|kms|secretsmanager):/.test(a))).toEqual([]);
    expect(fnId).toBeTruthy();
  });

  it("alarms on the consumer's iterator age and on its dead-letter queue holding anything", () => {
    const alarms = Object.values(monitoringOf(stack).findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const iteratorAge = alarms.filter((a) => a.MetricName === 'IteratorAge');
    expect(iteratorAge).toHaveLength(1);
    expect(iteratorAge[0]).toMatchObject({ Threshold: thresholds.iteratorAgeMs, Statistic: 'Maximum' });
    const [dlqId] = resources('AWS::SQS::Queue').find(([id]) => id.startsWith('StreamprobeDeadLetters'))!;
    const onDlq = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(dlqId));
    expect(onDlq).toHaveLength(1);
    expect(onDlq[0]).toMatchObject({ Threshold: 1 });
  });

  it('passes cdk-nag, with no acknowledgement that nothing needed', () => {
    expect(findings).toEqual([]);
    expect(unusedAcknowledgements(stack).filter((a) => a.includes('/Stream/'))).toEqual([]);
  });
});
