// Award imports in the background: a FIFO queue of import jobs (one message group per job, so a job is
// worked on by one invocation at a time, in order), its dead-letter queue, and the worker Lambda that
// the queue feeds. The uploads hold learners' emails, so the construct also keeps the bucket's imports/
// prefix private and short-lived. Route groups reach it only through bindSubmitter.
import { join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  IMPORT_MAX_RECEIVES,
  IMPORT_RETENTION_DAYS,
  IMPORT_QUEUE_URL_ENV,
  IMPORT_WORKER_ENTRY,
  IMPORT_WORKER_TIMEOUT_SECONDS,
} from '../../definitions/import-jobs';
import {
  BUCKET_NAME_ENV,
  IMPORT_REPORTS_PREFIX,
  IMPORT_UPLOAD_RETENTION_DAYS,
  IMPORT_UPLOADS_PREFIX,
  IMPORTS_PREFIX,
} from '../../definitions/bucket';
import type { DataRetention } from '../data-retention';
import { wildcardUnderArn } from '../nag-findings';
import { repoRoot } from '../repo-root';
import type { BadgeImages } from './badge-images';
import type { CityData } from './city-data';
import type { CitySecret } from './city-secret';
import { CityFunction } from './city-function';
import { DeadLetterQueue } from './dead-letter-queue';
import type { SigningKey } from './signing-key';

export interface ImportJobsProps {
  /** Every handler's environment: the city's identity with its public URL. */
  environment: Record<string, string>;
  data: CityData;
  images: BadgeImages;
  citySecret: CitySecret;
  signingKey: SigningKey;
  dataRetention: DataRetention;
  /** Import slices processed at once (message groups in flight, over all jobs); bounds the load on KMS and the table. */
  maxConcurrency: number;
}

export const WORKER_DESCRIPTION = 'Processes award imports (CSV files of learners) in the background';

export class ImportJobs extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly worker: CityFunction;
  private readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ImportJobsProps) {
    super(scope, id);
    this.bucket = props.images.bucket;
    const timeout = Duration.seconds(IMPORT_WORKER_TIMEOUT_SECONDS);

    // Messages name a job and nothing else (no personal data); encrypted and TLS-only all the same.
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', { fifo: true });
    this.queue = new sqs.Queue(this, 'Queue', {
      fifo: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's advice: six times the function timeout, so that a throttled batch is not redelivered
      // while it waits. The worker brings a failed message back sooner itself (ChangeMessageVisibility).
      visibilityTimeout: Duration.seconds(IMPORT_WORKER_TIMEOUT_SECONDS * 6),
      retentionPeriod: Duration.days(4),
      // A message that fails on its last delivery after all (a timeout) waits here; redriving it resumes
      // the job at its checkpoint.
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: IMPORT_MAX_RECEIVES },
    });

    this.worker = new CityFunction(this, 'Worker', {
      entry: join(repoRoot, IMPORT_WORKER_ENTRY),
      description: WORKER_DESCRIPTION,
      environment: props.environment,
      dataRetention: props.dataRetention,
      timeout,
      // Signing is CPU-bound (JSON-LD canonicalisation); Lambda gives CPU in proportion to memory.
      memorySize: 1024,
    });
    // It awards as the awards group does: the table, badge images in and out, the city's secret
    // (learners' keyed hashes, derived award ids), the signing key; and re-queues the rest of a job
    // (definitions/function-grants.ts: otherFunctionGrants.importWorker, which the local city follows).
    props.data.bindTable(this.worker, 'read-write');
    props.images.bindBucket(this.worker, 'read-write');
    props.citySecret.bindCitySecret(this.worker);
    props.signingKey.bindSigner(this.worker);
    this.bindQueue(this.worker);
    this.worker.fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: props.maxConcurrency }),
    );
    // Deleting the upload's version removes the learners' emails at once; a plain delete would only
    // hide them behind a delete marker in this versioned bucket.
    iam.Grant.addToPrincipal({ grantee: this.worker.fn, actions: ['s3:DeleteObjectVersion'], resourceArns: [this.bucket.arnForObjects(`${IMPORT_UPLOADS_PREFIX}*`)] });
    this.acknowledgePrefixWildcard(this.worker, IMPORT_UPLOADS_PREFIX, 's3:DeleteObjectVersion, to delete a finished import\'s upload for good');

    this.keepImportsPrivate();
  }

  /** Uploads and reports expire on their own, old versions within a day; CloudFront may never read them. */
  private keepImportsPrivate(): void {
    this.bucket.addLifecycleRule({
      id: 'ImportUploads',
      prefix: IMPORT_UPLOADS_PREFIX,
      expiration: Duration.days(IMPORT_UPLOAD_RETENTION_DAYS),
      noncurrentVersionExpiration: Duration.days(1),
    });
    this.bucket.addLifecycleRule({
      id: 'ImportReports',
      prefix: IMPORT_REPORTS_PREFIX,
      expiration: Duration.days(IMPORT_RETENTION_DAYS),
      noncurrentVersionExpiration: Duration.days(1),
    });
    // The public site serves only /images/* from this bucket, but its origin access control may read
    // any object; an explicit deny keeps imports out of reach even if a behaviour is added by mistake.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NoPublicSiteAccessToImports',
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${IMPORTS_PREFIX}*`)],
      }),
    );
  }

  private bindQueue(target: CityFunction): void {
    target.fn.addEnvironment(IMPORT_QUEUE_URL_ENV, this.queue.queueUrl);
    this.queue.grantSendMessages(target.fn);
  }

  private acknowledgePrefixWildcard(target: CityFunction, prefix: string, what: string): void {
    Validations.of(target.role).acknowledge({
      id: wildcardUnderArn(this.bucket.node.defaultChild as s3.CfnBucket, `/${prefix}*`),
      reason:
        `Import files are objects named by job id under ${prefix} in this one bucket; the grant reaches no other ` +
        `prefix and no other bucket, and allows only ${what}.`,
    });
  }

  /**
   * What a route group that takes imports needs: the bucket's name, to store uploads and read error
   * reports (those two prefixes only, no other object of the bucket), and to queue jobs.
   */
  bindSubmitter(target: CityFunction): void {
    target.fn.addEnvironment(BUCKET_NAME_ENV, this.bucket.bucketName);
    this.bindQueue(target);
    iam.Grant.addToPrincipal({ grantee: target.fn, actions: ['s3:PutObject'], resourceArns: [this.bucket.arnForObjects(`${IMPORT_UPLOADS_PREFIX}*`)] });
    iam.Grant.addToPrincipal({ grantee: target.fn, actions: ['s3:GetObject'], resourceArns: [this.bucket.arnForObjects(`${IMPORT_REPORTS_PREFIX}*`)] });
    this.acknowledgePrefixWildcard(target, IMPORT_UPLOADS_PREFIX, 's3:PutObject, to store an upload');
    this.acknowledgePrefixWildcard(target, IMPORT_REPORTS_PREFIX, 's3:GetObject, to read an error report');
  }
}
