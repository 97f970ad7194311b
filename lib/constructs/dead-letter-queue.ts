// A queue that holds work given up for good, whatever feeds it: a queue's redrive target or a stream
// consumer's on-failure destination. The monitoring construct alarms on every one it finds in the
// stack (a message in it means something failed for good), so a new one is watched without an edit.
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export class DeadLetterQueue extends sqs.Queue {
  constructor(scope: Construct, id: string, props: Pick<sqs.QueueProps, 'fifo'> = {}) {
    super(scope, id, {
      ...props,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // SQS's longest: time to find the cause and redrive.
      retentionPeriod: Duration.days(14),
    });
  }
}
