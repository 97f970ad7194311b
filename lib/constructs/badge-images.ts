// Badge images: a private bucket that CloudFront serves under /images/*, and the bucket that receives
// the access logs of both the image bucket and the CloudFront distribution.
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BUCKET_NAME_ENV } from '../../definitions/bucket';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import { wildcardUnderArn } from '../nag-findings';
import type { CityFunction } from './city-function';

export type BucketAccess = 'read' | 'read-write';

export interface BadgeImagesProps {
  dataRetention: DataRetention;
}

const WRITE_ACTIONS = ['s3:PutObject', 's3:DeleteObject'];
const objectActions: Record<BucketAccess, string[]> = {
  read: ['s3:GetObject'],
  'read-write': ['s3:GetObject', ...WRITE_ACTIONS],
};

export class BadgeImages extends Construct {
  readonly bucket: s3.Bucket;
  /**
   * Server access logs of the image bucket and CloudFront standard logs (under their own prefixes).
   * It has no access log of its own; cdk-nag's S1 accepts a bucket that is another bucket's log target.
   */
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: BadgeImagesProps) {
    super(scope, id);
    // A dev city's buckets are emptied and deleted with its stack. (cdk-nag raises nothing on CDK's
    // auto-delete provider: its role and function are raw CfnResources, outside the IAM4/L1 checks.)
    const removal = {
      removalPolicy: removalPolicyFor(props.dataRetention),
      autoDeleteObjects: props.dataRetention === 'destroy',
    };

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // CloudFront standard logging delivers through an ACL grant to its log-delivery account, so this
      // bucket keeps ACLs enabled (objects still belong to the bucket owner). S3 server access logs
      // use the bucket policy instead (feature flag serverAccessLogsUseBucketPolicy).
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      ...removal,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'badge-images/',
      // Versioning guards against an overwrite by mistake; old versions need not live forever.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      ...removal,
    });
  }

  /** The readiness check: HeadBucket (which S3 authorises as s3:ListBucket) on this bucket, no object access. */
  bindReadinessProbe(target: CityFunction): void {
    target.fn.addEnvironment(BUCKET_NAME_ENV, this.bucket.bucketName);
    iam.Grant.addToPrincipal({ grantee: target.fn, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] });
  }

  /**
   * Tells `target` the bucket name and grants it object `access` (no bucket-level actions); with
   * `writePrefixes`, writing (put, delete) the objects under those key prefixes only, beside reading.
   */
  bindBucket(target: CityFunction, access: BucketAccess, writePrefixes: readonly string[] = []): void {
    target.fn.addEnvironment(BUCKET_NAME_ENV, this.bucket.bucketName);
    this.grantObjects(target, objectActions[access], '');
    for (const prefix of writePrefixes) this.grantObjects(target, WRITE_ACTIONS, prefix);
  }

  private grantObjects(target: CityFunction, actions: string[], prefix: string): void {
    iam.Grant.addToPrincipal({ grantee: target.fn, actions, resourceArns: [this.bucket.arnForObjects(`${prefix}*`)] });
    Validations.of(target.role).acknowledge({
      id: wildcardUnderArn(this.bucket.node.defaultChild as s3.CfnBucket, `/${prefix}*`),
      reason:
        "Badge images are objects under keys the function chooses at run time, so the grant names this one bucket's " +
        `objects (<bucket ARN>/${prefix}*) and no other bucket; the actions are only ${actions.join(', ')}.`,
    });
  }
}
