// Ad-hoc analysis, as synthesised for a dev and a production city: the nightly export of the table
// (Scheduler → Step Functions → DynamoDB's export, no Lambda), the Glue table over its DynamoDB JSON,
// the Athena workgroup, the bucket only the export writes; and the documented sample query names only
// columns that table has (it cannot run here: no local Athena).
import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANALYTICS_ATTRIBUTES, ATHENA_BYTES_SCANNED_CUTOFF, EXPORT_RETENTION_DAYS } from '../../definitions/analytics';
import { demoCity, productionCity, synthCities, type SynthesisedCities } from './synth';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

const cities = { dev: demoCity(), production: productionCity() };
let synth: SynthesisedCities;
const templates = {} as Record<keyof typeof cities, Template>;

beforeAll(() => {
  synth = synthCities([cities.dev, cities.production]);
  templates.dev = synth.template(synth.stacks[0]!);
  templates.production = synth.template(synth.stacks[1]!);
});

const resources = (t: Template, type: string) => Object.entries(t.findResources(type)) as [string, Resource][];
const only = (t: Template, type: string) => {
  const found = resources(t, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const analyticsBucketId = (t: Template) => resources(t, 'AWS::S3::Bucket').find(([id]) => id.startsWith('AnalyticsBucket'))![0];
/** The state machine's definition with CloudFormation's references written as `<ref>`. */
const definitionOf = (t: Template) => {
  const definition = only(t, 'AWS::StepFunctions::StateMachine')[1].Properties.DefinitionString;
  const parts = (definition['Fn::Join']?.[1] ?? [definition]) as unknown[];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : '<ref>')).join('')) as { States: Record<string, any>; StartAt: string };
};

const sampleQuery = () => /```sql\n([\s\S]*?)```/.exec(readFileSync('docs/insights-analysis.md', 'utf8'))![1]!;

describe.each(['dev', 'production'] as const)('the %s city', (city) => {
  const t = () => templates[city];
  const databaseName = () => `city_${cities[city].id.replaceAll('-', '_')}`;

  it('exports the table each night with DynamoDB point-in-time export, started by a schedule, with no function of ours', () => {
    const [machineId] = only(t(), 'AWS::StepFunctions::StateMachine');
    const [, schedule] = only(t(), 'AWS::Scheduler::Schedule');
    expect(schedule.Properties.ScheduleExpression).toBe('cron(15 3 * * ? *)');
    expect(schedule.Properties.Target.Arn).toEqual({ Ref: machineId });
    const { States, StartAt } = definitionOf(t());
    expect(StartAt).toBe('Snapshot');
    expect(States.ExportTable.Resource).toMatch(/aws-sdk:dynamodb:exportTableToPointInTime$/);
    expect(States.ExportTable.Parameters).toMatchObject({ ExportFormat: 'DYNAMODB_JSON', ExportType: 'FULL_EXPORT', S3SseAlgorithm: 'AES256', 'S3Prefix.$': "States.Format('exports/{}', $.snapshot)" });
    expect(States.DescribeExport.Resource).toMatch(/aws-sdk:dynamodb:describeExport$/);
    expect(States.ExportDone.Choices.map((c: any) => [c.StringEquals, c.Next])).toEqual([['COMPLETED', 'AddPartition'], ['FAILED', 'ExportFailed']]);
    expect(States.ExportDone.Default).toBe('WaitForExport');
    expect(States.AddPartition.Resource).toMatch(/aws-sdk:glue:createPartition$/);
    expect(States.AddPartition.Catch).toEqual([{ ErrorEquals: ['Glue.AlreadyExistsException'], Next: 'ReplacePartition', ResultPath: null }]);
    // The partition reads the export's data/ folder: exports/<date>/AWSDynamoDB/<export id>/data/.
    expect(States.AddPartition.Parameters.PartitionInput.StorageDescriptor['Location.$']).toBe(
      "States.Format('s3://{}/{}{}/AWSDynamoDB/{}/data/', $.bucket, 'exports/', $.snapshot, States.ArrayGetItem(States.StringSplit($.export.arn, '/'), 3))",
    );
    // Table point-in-time recovery, which the export reads from, is on.
    expect(only(t(), 'AWS::DynamoDB::GlobalTable')[1].Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('logs every state of the export without its data, and traces it', () => {
    const [, machine] = only(t(), 'AWS::StepFunctions::StateMachine');
    expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('lets the export write only under exports/ of its own bucket, and nothing else read or write that bucket', () => {
    const bucketId = analyticsBucketId(t());
    const [, machine] = only(t(), 'AWS::StepFunctions::StateMachine');
    const roleId = machine.Properties.RoleArn['Fn::GetAtt'][0] as string;
    const statements = resources(t(), 'AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as any[]).map((s) => ({ ...s, roles: p.Properties.Roles.map((r: any) => r.Ref) })),
    );
    const onBucket = statements.filter((s) => JSON.stringify(s.Resource).includes(bucketId));
    expect(onBucket.map((s) => [s.roles, [s.Action].flat().sort()])).toEqual([[[roleId], ['s3:AbortMultipartUpload', 's3:PutObject']]]);
    expect(JSON.stringify(onBucket[0]!.Resource)).toContain('/exports/*');
    const actions = statements.filter((s) => s.roles.includes(roleId)).flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:exportTableToPointInTime', 'dynamodb:describeExport', 'glue:createPartition', 'glue:updatePartition']));
    expect(actions.filter((a) => /^dynamodb:(Get|Query|Scan|Put|Update|Delete|Batch)/.test(a))).toEqual([]);
  });

  it('keeps exports and results for a short while, private, encrypted and access-logged', () => {
    const bucket = t().findResources('AWS::S3::Bucket')[analyticsBucketId(t())]!;
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'exports/', ExpirationInDays: EXPORT_RETENTION_DAYS, Status: 'Enabled' }),
        expect.objectContaining({ Prefix: 'athena-results/', ExpirationInDays: 30, Status: 'Enabled' }),
      ]),
    );
    expect(bucket.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: expect.stringMatching(/^BadgeImagesAccessLogs/) }, LogFilePrefix: 'analytics/' });
    expect(bucket.DeletionPolicy).toBe(city === 'production' ? 'Retain' : 'Delete');
  });

  it('defines the Glue table over the DynamoDB JSON of each export, a partition per night', () => {
    const [, database] = only(t(), 'AWS::Glue::Database');
    expect(database.Properties.DatabaseInput.Name).toBe(databaseName());
    const [, table] = only(t(), 'AWS::Glue::Table');
    const input = table.Properties.TableInput;
    expect(table.Properties.DatabaseName).toBe(databaseName());
    expect(input).toMatchObject({ Name: 'items', TableType: 'EXTERNAL_TABLE', PartitionKeys: [{ Name: 'snapshot', Type: 'string' }] });
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    expect(input.StorageDescriptor.Location['Fn::Join'][1]).toEqual(['s3://', { Ref: analyticsBucketId(t()) }, '/exports/']);
    const [column] = input.StorageDescriptor.Columns;
    expect(column.Name).toBe('item');
    expect(column.Type).toMatch(/^struct<pk:struct<s:string>,sk:struct<s:string>,/);
    expect(column.Type).toContain('demand:struct<n:string>');
    // The partition the state machine adds reads the files as the table does.
    const partition = definitionOf(t()).States.AddPartition.Parameters.PartitionInput.StorageDescriptor;
    expect(partition).toMatchObject({ Columns: [{ Name: 'item', Type: column.Type }], SerdeInfo: input.StorageDescriptor.SerdeInfo, InputFormat: input.StorageDescriptor.InputFormat });
  });

  it('queries through a workgroup that encrypts its results where it says and caps each scan', () => {
    const [, workGroup] = only(t(), 'AWS::Athena::WorkGroup');
    expect(workGroup.Properties.Name).toBe(`city-${cities[city].id}-analysis`);
    const configuration = workGroup.Properties.WorkGroupConfiguration;
    expect(configuration).toMatchObject({ EnforceWorkGroupConfiguration: true, BytesScannedCutoffPerQuery: ATHENA_BYTES_SCANNED_CUTOFF, EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' } });
    expect(configuration.ResultConfiguration.EncryptionConfiguration).toEqual({ EncryptionOption: 'SSE_S3' });
    expect(configuration.ResultConfiguration.OutputLocation['Fn::Join'][1]).toEqual(['s3://', { Ref: analyticsBucketId(t()) }, '/athena-results/']);
  });
});

describe('the documented sample query', () => {
  it('reads the demo city’s table and only columns the Glue table has', () => {
    const query = sampleQuery();
    expect(query).toMatch(/FROM city_demo\.items\b/);
    expect(query).toMatch(/WHERE snapshot = '\d{4}-\d{2}-\d{2}'/);
    const declared = Object.entries(ANALYTICS_ATTRIBUTES).map(([name, type]) => `item.${name.toLowerCase()}.${type.toLowerCase()}`);
    const used = [...query.matchAll(/\bitem\.[a-z0-9]+\.[a-z]+/g)].map((m) => m[0]);
    expect(used.length).toBeGreaterThan(2);
    for (const column of used) expect(declared, column).toContain(column);
    // What it counts is how awards are stored: pk AWARD#<id>, sk AWARD, with badgeClassId and createdAt.
    expect(query).toContain("item.pk.s LIKE 'AWARD#%'");
    expect(query).toContain("item.sk.s = 'AWARD'");
  });
});
