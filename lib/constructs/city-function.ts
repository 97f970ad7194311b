// One Lambda function of a city, with the same safe defaults for every handler: Node 24 on ARM, ESM
// bundle with source maps (split into chunks: lib/lambda-bundling.ts), its own log group, and its own
// role that can write to that log group and nothing else until a bind helper (CityData.bindTable,
// BadgeImages.bindBucket) grants more.
import { copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AssetHashType, Duration, type ILocalBundling } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import { esbuildOptions } from '../lambda-bundling';
import { repoRoot } from '../repo-root';

export interface CityFunctionProps {
  /** Absolute path of the handler module; it exports `handler`. */
  entry: string;
  description: string;
  environment: Record<string, string>;
  /** Whether the function's logs outlive the stack, like the city's data. */
  dataRetention: DataRetention;
  /** @default 10 seconds: every API handler answers well within it. */
  timeout?: Duration;
  /** @default 512 MB */
  memorySize?: number;
  /** Files (paths relative to the repository root) copied beside the bundle, for the handler to read. */
  assets?: readonly string[];
}

export class CityFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: CityFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: removalPolicyFor(props.dataRetention),
    });
    // Not AWSLambdaBasicExecutionRole: that managed policy may write to every log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs: ${props.description}`,
    });
    logGroup.grantWrite(this.role);

    this.fn = new lambda.Function(this, 'Function', {
      code: lambda.Code.fromAsset(repoRoot, {
        // The asset's hash is the bundle's: an unchanged bundle is not uploaded or redeployed again.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          local: new EsbuildBundling(props.entry, props.assets ?? []),
          // Never used: esbuild is a pinned dependency, so the bundle is always built on this machine.
          image: lambda.Runtime.NODEJS_24_X.bundlingImage,
        },
      }),
      handler: 'index.handler', // esbuildOptions writes the entry as index.mjs
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup,
      // No --enable-source-maps: parsing the map at every cold start cost 30-60 ms of init. The logger
      // maps a logged error's stack with the maps kept in the asset (functions/http/readable-stack.ts).
      environment: props.environment,
    });
  }
}

/**
 * Builds a function's asset with esbuild here, with the settings the bundle benchmark measures
 * (lib/lambda-bundling.ts), so that what is deployed is what was measured. Not NodejsFunction: its
 * esbuild call writes one file (`--outfile`), and code splitting needs an output folder. The fields
 * are data so that the CDK's asset cache, keyed by the bundling options, tells functions apart.
 */
class EsbuildBundling implements ILocalBundling {
  constructor(
    readonly entry: string,
    /** Files (relative to the repository root) copied beside the bundle. */
    readonly assets: readonly string[],
  ) {}

  tryBundle(outputDir: string): boolean {
    buildSync(esbuildOptions(this.entry, outputDir));
    for (const asset of this.assets) copyFileSync(join(repoRoot, asset), join(outputDir, basename(asset)));
    return true;
  }
}
