// Ad-hoc analysis beyond the dashboards, with AWS's own engines and no code of ours: each night an
// EventBridge Scheduler schedule starts a Step Functions state machine that asks DynamoDB for a
// point-in-time export of the city table (DynamoDB JSON, from the PITR backup: no read capacity used),
// waits for it, and adds it to the Glue table as that night's partition; Athena queries the table
// through the city's workgroup, which encrypts its results and caps what one query may scan.
// The exports live in a bucket of their own, not the city's: the city's bucket is readable by every
// function that stores images (`<bucket>/*`) and served in part by CloudFront, and an export is a copy
// of the whole table with a shorter life (definitions/analytics.ts). Only principals an operator grants
// read it. docs/insights-analysis.md has the sample query and its cost.
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  ANALYTICS_TABLE_NAME,
  ATHENA_BYTES_SCANNED_CUTOFF,
  ATHENA_RESULTS_PREFIX,
  ATHENA_RESULTS_RETENTION_DAYS,
  analyticsDatabaseName,
  EXPORT_RETENTION_DAYS,
  EXPORT_SCHEDULE,
  EXPORTS_PREFIX,
  itemColumnType,
} from '../../definitions/analytics';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import { wildcardUnderArn } from '../nag-findings';

export interface CityAnalyticsProps {
  cityId: string;
  table: dynamodb.TableV2;
  /** The bucket that receives the city's access logs. */
  accessLogs: s3.IBucket;
  dataRetention: DataRetention;
}

/** How each export's files are read: gzipped DynamoDB JSON lines, `{"Item": {...}}` (Glue's API spelling). */
const READ_AS = {
  Columns: [{ Name: 'item', Type: itemColumnType() }],
  InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
};

export class CityAnalytics extends Construct {
  readonly bucket: s3.Bucket;
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: CityAnalyticsProps) {
    super(scope, id);
    const destroy = props.dataRetention === 'destroy';
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'analytics/',
      lifecycleRules: [
        { prefix: EXPORTS_PREFIX, expiration: Duration.days(EXPORT_RETENTION_DAYS) },
        { prefix: ATHENA_RESULTS_PREFIX, expiration: Duration.days(ATHENA_RESULTS_RETENTION_DAYS) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: removalPolicyFor(props.dataRetention),
      autoDeleteObjects: destroy,
    });

    const databaseName = analyticsDatabaseName(props.cityId);
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: databaseName, description: `The ${props.cityId} city table, exported nightly (docs/insights-analysis.md)` },
    });
    const exportsUrl = `s3://${this.bucket.bucketName}/${EXPORTS_PREFIX}`;
    this.table = new glue.CfnTable(this, 'Table', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName,
      tableInput: {
        name: ANALYTICS_TABLE_NAME,
        description: 'Every item of the city table as of each nightly export: one partition (snapshot = the export date, YYYY-MM-DD) per export',
        tableType: 'EXTERNAL_TABLE',
        parameters: { classification: 'json', compressionType: 'gzip', EXTERNAL: 'TRUE' },
        partitionKeys: [{ name: 'snapshot', type: 'string', comment: 'The date of the export (UTC), YYYY-MM-DD' }],
        storageDescriptor: {
          columns: READ_AS.Columns.map((c) => ({ name: c.Name, type: c.Type, comment: 'The item, as DynamoDB JSON types it: item.pk.s, item.demand.n' })),
          location: exportsUrl,
          inputFormat: READ_AS.InputFormat,
          outputFormat: READ_AS.OutputFormat,
          serdeInfo: { serializationLibrary: READ_AS.SerdeInfo.SerializationLibrary },
        },
      },
    });
    this.table.addDependency(this.database);

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: `city-${props.cityId}-analysis`,
      description: `Ad-hoc analysis of the ${props.cityId} city table (docs/insights-analysis.md)`,
      recursiveDeleteOption: destroy,
      workGroupConfiguration: {
        // Every query of the workgroup writes where this says, encrypted, whatever the caller asks for.
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: ATHENA_BYTES_SCANNED_CUTOFF,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.bucket.bucketName}/${ATHENA_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    this.stateMachine = this.exportStateMachine(props, databaseName);
    this.schedule = new scheduler.Schedule(this, 'Nightly', {
      description: `Exports the ${props.cityId} city table for Athena each night`,
      schedule: scheduler.ScheduleExpression.cron(EXPORT_SCHEDULE),
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {}),
    });
  }

  /** Export → wait until it is done → the Glue partition of that night (replaced, if the night already has one). */
  private exportStateMachine(props: CityAnalyticsProps, databaseName: string): sfn.StateMachine {
    const { table } = props;
    const start = new sfn.Pass(this, 'Snapshot', {
      comment: "The export's date (UTC) names its prefix and its partition",
      parameters: {
        'snapshot.$': "States.ArrayGetItem(States.StringSplit($$.Execution.StartTime, 'T'), 0)",
        bucket: this.bucket.bucketName,
      },
    });
    const exportTable = new tasks.CallAwsService(this, 'ExportTable', {
      service: 'dynamodb',
      action: 'exportTableToPointInTime',
      parameters: {
        TableArn: table.tableArn,
        S3Bucket: this.bucket.bucketName,
        S3Prefix: sfn.JsonPath.format(`${EXPORTS_PREFIX}{}`, sfn.JsonPath.stringAt('$.snapshot')),
        ExportFormat: 'DYNAMODB_JSON',
        ExportType: 'FULL_EXPORT',
        S3SseAlgorithm: 'AES256',
      },
      iamResources: [table.tableArn],
      additionalIamStatements: [
        // DynamoDB writes the export's files with the caller's permissions, under exports/ only.
        new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [this.bucket.arnForObjects(`${EXPORTS_PREFIX}*`)] }),
      ],
      resultSelector: { 'arn.$': '$.ExportDescription.ExportArn' },
      resultPath: '$.export',
    });
    exportTable.addRetry({ errors: ['DynamoDB.LimitExceededException', 'DynamoDB.InternalServerErrorException'], interval: Duration.minutes(5), maxAttempts: 3 });
    const wait = new sfn.Wait(this, 'WaitForExport', { time: sfn.WaitTime.duration(Duration.minutes(5)) });
    const describe = new tasks.CallAwsService(this, 'DescribeExport', {
      service: 'dynamodb',
      action: 'describeExport',
      parameters: { 'ExportArn.$': '$.export.arn' },
      iamResources: [`${table.tableArn}/export/*`],
      resultSelector: { 'status.$': '$.ExportDescription.ExportStatus' },
      resultPath: '$.progress',
    });
    const partitionInput = {
      'Values.$': 'States.Array($.snapshot)',
      StorageDescriptor: {
        ...READ_AS,
        // exports/<date>/AWSDynamoDB/<exportId>/data/: the export id is the last part of its ARN.
        'Location.$': "States.Format('s3://{}/{}{}/AWSDynamoDB/{}/data/', $.bucket, '" + EXPORTS_PREFIX + "', $.snapshot, States.ArrayGetItem(States.StringSplit($.export.arn, '/'), 3))",
      },
    };
    const glueArns = [
      Stack.of(this).formatArn({ service: 'glue', resource: 'catalog' }),
      Stack.of(this).formatArn({ service: 'glue', resource: 'database', resourceName: databaseName }),
      Stack.of(this).formatArn({ service: 'glue', resource: 'table', resourceName: `${databaseName}/${ANALYTICS_TABLE_NAME}` }),
    ];
    const addPartition = new tasks.CallAwsService(this, 'AddPartition', {
      service: 'glue',
      action: 'createPartition',
      parameters: { DatabaseName: databaseName, TableName: ANALYTICS_TABLE_NAME, PartitionInput: partitionInput },
      iamResources: glueArns,
      resultPath: sfn.JsonPath.DISCARD,
    });
    const replacePartition = new tasks.CallAwsService(this, 'ReplacePartition', {
      service: 'glue',
      action: 'updatePartition',
      comment: 'A second export the same day (run by hand) becomes that day\'s partition',
      parameters: { DatabaseName: databaseName, TableName: ANALYTICS_TABLE_NAME, 'PartitionValueList.$': 'States.Array($.snapshot)', PartitionInput: partitionInput },
      iamResources: glueArns,
      resultPath: sfn.JsonPath.DISCARD,
    });
    addPartition.addCatch(replacePartition, { errors: ['Glue.AlreadyExistsException'], resultPath: sfn.JsonPath.DISCARD });
    const failed = new sfn.Fail(this, 'ExportFailed', { error: 'ExportFailed', cause: 'DynamoDB reported the export as FAILED (DescribeExport has its FailureCode and FailureMessage)' });
    const done = new sfn.Choice(this, 'ExportDone')
      .when(sfn.Condition.stringEquals('$.progress.status', 'COMPLETED'), addPartition)
      .when(sfn.Condition.stringEquals('$.progress.status', 'FAILED'), failed)
      .otherwise(wait);

    const logGroup = new logs.LogGroup(this, 'ExportLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.dataRetention === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    const machine = new sfn.StateMachine(this, 'Export', {
      comment: `Exports the ${props.cityId} city table to S3 for Athena`,
      definitionBody: sfn.DefinitionBody.fromChainable(start.next(exportTable).next(wait).next(describe).next(done)),
      timeout: Duration.hours(6),
      tracingEnabled: true,
      // Every state's events, without their input and output (export ARNs and dates: nothing personal, but nothing needed either).
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.acknowledgeFindings(machine, table);
    return machine;
  }

  private acknowledgeFindings(machine: sfn.StateMachine, table: dynamodb.TableV2): void {
    const validations = Validations.of(machine.role);
    validations.acknowledge({
      id: wildcardUnderArn(table.node.defaultChild as dynamodb.CfnGlobalTable, '/export/*'),
      reason:
        "dynamodb:DescribeExport on this one table's exports (<table ARN>/export/<export id>): the export id is " +
        'made by DynamoDB when the state machine asks for the export, so it cannot be named in advance; no other table is reached.',
    });
    validations.acknowledge({
      id: wildcardUnderArn(this.bucket.node.defaultChild as s3.CfnBucket, `/${EXPORTS_PREFIX}*`),
      reason:
        'DynamoDB writes an export as many objects under a prefix it names (exports/<date>/AWSDynamoDB/<export id>/), with the ' +
        "caller's permissions; the grant is s3:PutObject and s3:AbortMultipartUpload under exports/ of the analytics bucket only.",
    });
    validations.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions logging to CloudWatch Logs (logs:CreateLogDelivery and the other log-delivery actions) and X-Ray ' +
        '(xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) support no resource-level ' +
        'permissions, so "*" is the only resource they can be granted on; they write logs and traces and read no data.',
    });
  }
}
