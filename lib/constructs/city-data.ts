// The city table: one DynamoDB table shaped by the shared table definition (the local city builds the
// same one in DynamoDB Local), and the only way a function gets at it: bindTable.
import { Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { READINESS_PROBE_KEY, TABLE_NAME_ENV, tableDefinition } from '../../definitions/table';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import { wildcardUnderArn } from '../nag-findings';
import type { CityFunction } from './city-function';

export type TableAccess = 'read' | 'read-write';

export interface CityDataProps {
  dataRetention: DataRetention;
}

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class CityData extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: CityDataProps) {
    super(scope, id);
    const retain = props.dataRetention === 'retain';
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      globalSecondaryIndexes: tableDefinition.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // The city's event stream (lib/constructs/city-stream.ts): both images, so that a consumer sees what changed.
      dynamoStream: dynamodb.StreamViewType[tableDefinition.streamViewType],
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      // A retained city's table survives both a stack deletion and a console slip.
      deletionProtection: retain,
      removalPolicy: removalPolicyFor(props.dataRetention),
    });
  }

  /** Tells `target` the table name and grants it `access`: a read-only function gets no write action at all. */
  /** The readiness check: GetItem of the one probe key (a leading-key condition), nothing else. */
  bindReadinessProbe(target: CityFunction): void {
    target.fn.addEnvironment(TABLE_NAME_ENV, this.table.tableName);
    target.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [READINESS_PROBE_KEY.pk] } },
      }),
    );
  }

  bindTable(target: CityFunction, access: TableAccess): void {
    target.fn.addEnvironment(TABLE_NAME_ENV, this.table.tableName);
    if (access === 'read') this.table.grantReadData(target.fn);
    else this.table.grantReadWriteData(target.fn);
    Validations.of(target.role).acknowledge({
      id: wildcardUnderArn(this.table.node.defaultChild as dynamodb.CfnGlobalTable, '/index/*'),
      reason:
        "The grant covers this one table's own global secondary indexes (<table ARN>/index/*), which the " +
        'access patterns query; the wildcard cannot reach any other table. Actions are the minimal ' +
        `${access} set from the route table's declaration for this function.`,
    });
  }
}
