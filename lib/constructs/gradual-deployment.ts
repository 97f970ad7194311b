// Gradual deployment of a route group's function: API Gateway calls the function's `live` alias, and a
// deploy that changes the function moves the alias through CodeDeploy, 10% of requests to the new
// version for 5 minutes, then all of them. Alarms on the new version alone (its crashes, its 5xx
// answers, its latency) roll the alias back to the old version if any fires during the deployment;
// CityMonitoring makes them (watchNewVersion), since alarms are built once the stack is complete.
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../definitions/metrics';
import type { RouteGroupName } from '../../definitions/routes';
import type { CityFunction } from './city-function';

export interface GradualDeploymentOptions {
  /** The new version's p99 duration that rolls it back, per minute. */
  latencyP99Ms: number;
}

/**
 * The groups deployed gradually. `badges`: the public badge URLs learners and verifiers open, the pages
 * a broken deploy would show the world. `awards`: writes, where a bad version could sign or store bad
 * awards; a canary bounds that to a tenth of five minutes' awards (a rollback does not undo them, see
 * docs/operations.md). Batch awards sign up to 100 credentials, hence its higher latency bound.
 */
export const gradualDeployments: Partial<Record<RouteGroupName, GradualDeploymentOptions>> = {
  badges: { latencyP99Ms: 3000 },
  awards: { latencyP99Ms: 23_000 },
};

export const ALIAS_NAME = 'live';
/** The metric the new version's 5xx answers are counted in, from its `request` log lines. */
export const SERVER_ERROR_ANSWERS = 'ServerErrorAnswers';
const ONE_MINUTE = Duration.minutes(1);

export class GradualDeployment extends Construct {
  readonly alias: lambda.Alias;
  readonly deploymentGroup: codedeploy.LambdaDeploymentGroup;
  readonly options: GradualDeploymentOptions;

  constructor(
    scope: Construct,
    id: string,
    readonly handler: CityFunction,
    options: GradualDeploymentOptions,
  ) {
    super(scope, id);
    this.options = options;
    this.alias = new lambda.Alias(this, 'Alias', { aliasName: ALIAS_NAME, version: handler.fn.currentVersion });
    this.deploymentGroup = new codedeploy.LambdaDeploymentGroup(this, 'Deployment', {
      alias: this.alias,
      deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
    Validations.of(this.deploymentGroup.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason:
        'CDK attaches AWSCodeDeployRoleForLambdaLimited to every Lambda deployment group role (it cannot be left off): AWS\'s narrowest ' +
        'policy for the job, allowing only to read and move function aliases, read alarm states, and invoke hooks named CodeDeployHook_*.',
    });

    // Every `request` line that answered 5xx, by function and version (route.ts logs the version).
    new logs.MetricFilter(this, 'ServerErrorAnswers', {
      logGroup: handler.fn.logGroup,
      filterPattern: logs.FilterPattern.all(logs.FilterPattern.stringValue('$.message', '=', 'request'), logs.FilterPattern.numberValue('$.status', '>=', 500)),
      metricNamespace: METRICS_NAMESPACE,
      metricName: SERVER_ERROR_ANSWERS,
      metricValue: '1',
      dimensions: { function: '$.function_name', version: '$.functionVersion' },
    });
  }

  /** The new version's metrics: through the alias, executed by the version this deploy made. */
  newVersionMetric(metricName: 'Errors' | 'Duration', statistic: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName,
      dimensionsMap: {
        FunctionName: this.handler.fn.functionName,
        Resource: `${this.handler.fn.functionName}:${ALIAS_NAME}`,
        ExecutedVersion: this.handler.fn.currentVersion.version,
      },
      statistic,
      period: ONE_MINUTE,
    });
  }

  newVersionServerErrors(): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: SERVER_ERROR_ANSWERS,
      dimensionsMap: { function: this.handler.fn.functionName, version: this.handler.fn.currentVersion.version },
      statistic: 'Sum',
      period: ONE_MINUTE,
    });
  }

  /**
   * Rolls back on `alarms`. The alias waits for them: they name the new version, and must watch it
   * before CodeDeploy sends it traffic.
   */
  rollBackOn(alarms: readonly cloudwatch.Alarm[]): void {
    for (const alarm of alarms) {
      this.deploymentGroup.addAlarm(alarm);
      this.alias.node.addDependency(alarm);
    }
  }
}
