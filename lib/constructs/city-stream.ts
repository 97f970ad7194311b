// The city's event stream (definitions/consumers.ts): the table's change stream feeds one Lambda per
// consumer through an event source mapping built from the consumer's definition (its batch size and
// event filter) and the delivery rules every consumer shares: reported partial batch failures, bisect on
// error, bounded retries and record age, and an SQS on-failure destination (DeadLetterQueue, which the
// monitoring construct alarms on, as it alarms on every consumer's iterator age). The local city feeds
// the same handlers from DynamoDB Local's stream in the same way (local/stream.ts).
import { join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { DEFAULT_CONSUMER_TIMEOUT_SECONDS, streamConsumers, streamDelivery, type StreamConsumer } from '../../definitions/consumers';
import { consumerGrants } from '../../definitions/function-grants';
import { repoRoot } from '../repo-root';
import type { DataRetention } from '../data-retention';
import { bindGrants, type RouteGroupsProps } from './city-api';
import { CityFunction } from './city-function';
import { DeadLetterQueue } from './dead-letter-queue';

export interface CityStreamProps extends RouteGroupsProps {
  dataRetention: DataRetention;
  /** @default every consumer of definitions/consumers.ts */
  consumers?: Record<string, StreamConsumer>;
}

/** The event filter of a consumer: its events, of items whose partition key has one of its prefixes. */
export const consumerFilter = (consumer: StreamConsumer) =>
  lambda.FilterCriteria.filter({
    eventName: lambda.FilterRule.or(...consumer.events),
    dynamodb: { Keys: { pk: { S: consumer.keyPrefixes.map((prefix) => lambda.FilterRule.beginsWith(prefix)[0]) } } },
  });

export class CityStream extends Construct {
  readonly consumers = new Map<string, { fn: CityFunction; deadLetters: DeadLetterQueue }>();

  constructor(scope: Construct, id: string, props: CityStreamProps) {
    super(scope, id);
    const table = props.data.table;
    for (const [name, consumer] of Object.entries(props.consumers ?? (streamConsumers as Record<string, StreamConsumer>))) {
      const fn = new CityFunction(this, `${name}Consumer`, {
        entry: join(repoRoot, consumer.entry),
        description: consumer.description,
        environment: props.environment,
        dataRetention: props.dataRetention,
        timeout: Duration.seconds(consumer.timeoutSeconds ?? DEFAULT_CONSUMER_TIMEOUT_SECONDS),
      });
      bindGrants(fn, consumerGrants(consumer), props);
      // Holds where the given-up records are in the stream (shard, sequence numbers), not the records.
      const deadLetters = new DeadLetterQueue(this, `${name}DeadLetters`);
      Validations.of(deadLetters).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself a dead-letter queue: the on-failure destination of the ${name} stream consumer's event source mapping (cdk-nag only recognises a queue's redrive target as one).`,
      });
      fn.fn.addEventSource(
        new DynamoEventSource(table, {
          // Nothing written before a consumer is deployed is skipped: it starts at the oldest record kept.
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: consumer.batchSize,
          maxBatchingWindow: Duration.seconds(streamDelivery.maxBatchingWindowSeconds),
          reportBatchItemFailures: true,
          bisectBatchOnError: true,
          retryAttempts: streamDelivery.maxRetries,
          maxRecordAge: Duration.seconds(streamDelivery.maxRecordAgeSeconds),
          parallelizationFactor: 1,
          onFailure: new SqsDlq(deadLetters),
          filters: [consumerFilter(consumer)],
        }),
      );
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `dynamodb:ListStreams, which the event source mapping's grant adds, has no resource-level permissions (it takes "*"); reading records is limited to this city table's stream ARN.`,
      });
      this.consumers.set(name, { fn, deadLetters });
    }
  }
}
