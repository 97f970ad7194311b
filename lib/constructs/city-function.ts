// One Lambda function of a city, with the same safe defaults for every handler: Node 24 on ARM, ESM
// bundle with source maps, its own log group, and its own role that can write to that log group
// and nothing else until a bind helper (CityData.bindTable, BadgeImages.bindBucket) grants more.
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import { lambdaBundling } from '../lambda-bundling';
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
  readonly fn: NodejsFunction;
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

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup,
      // No --enable-source-maps: parsing the map at every cold start cost 30-60 ms of init. The logger
      // maps a logged error's stack with the map kept in the asset (functions/http/readable-stack.ts).
      environment: props.environment,
      // The settings the bundle benchmark measures (ESM for node24, minified, source maps, AWS SDK
      // bundled), so what is deployed is what was measured.
      bundling: {
        minify: lambdaBundling.minify,
        sourceMap: lambdaBundling.sourceMap,
        sourcesContent: lambdaBundling.sourcesContent,
        target: lambdaBundling.target,
        banner: lambdaBundling.banner,
        esbuildArgs: Object.fromEntries(
          Object.entries(lambdaBundling.aliases).map(([from, to]) => [`--alias:${from}`, join(repoRoot, to)]),
        ),
        format: lambdaBundling.format as OutputFormat,
        mainFields: [...lambdaBundling.mainFields],
        externalModules: [...lambdaBundling.externalModules],
        ...(props.assets?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_input: string, output: string) => props.assets!.map((asset) => `cp "${join(repoRoot, asset)}" "${output}"`),
              },
            }
          : {}),
      },
    });
  }
}
