// Knowing when a city is unwell: CloudWatch alarms on everything the stack holds, each notifying the
// city's alarm topic (and again when it is OK), and one dashboard per city built from the business
// metrics the functions emit (definitions/metrics.ts) beside the services' own. Everything is found
// in the stack rather than listed: every CityFunction, every dead-letter queue, every stream
// consumer, every gradual deployment (whose new-version alarms roll it back), so a resource added
// later is watched without an edit here. Create it last in the stack.
//
// A city deploys it as a nested stack of its own (CityMonitoringStack): its alarms are a quarter of the
// city's resources, and CloudFormation takes at most 500 in one stack. A nested stack counts as one
// resource of its parent and can still name the parent's functions and queues (CDK passes them in as
// parameters); the alarms keep the city stack's name as their prefix.
import { Duration, NestedStack, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { METRICS_NAMESPACE, businessMetrics, verificationVerdicts, type BusinessMetric } from '../../definitions/metrics';
import { CityFunction } from './city-function';
import { CitySecret } from './city-secret';
import { GradualDeployment } from './gradual-deployment';
import { DeadLetterQueue } from './dead-letter-queue';

const FIVE_MINUTES = Duration.minutes(5);

/** The table operations the functions call (an alarm's math may sum at most ten metrics); a new one belongs here. */
const tableOperations = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.BATCH_WRITE_ITEM,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
];

/** The thresholds, in one place so that the runbooks and tests can name them. */
export const thresholds = {
  /** Share of API requests answered 5xx, in 2 of 3 five-minute periods with at least minRequests requests. */
  api5xxPercent: 2,
  minRequests: 20,
  /** API latency p99 in 3 five-minute periods in a row. Batch awards sign up to 100 credentials, hence not lower. */
  apiLatencyP99Ms: 5000,
  /** Invocations that crashed or timed out (handled errors are 4xx/5xx answers, not Lambda errors), per five minutes. */
  lambdaErrors: 3,
  lambdaThrottles: 5,
  /** Slowest invocation as a share of the function's timeout, in 2 of 3 five-minute periods. */
  durationOfTimeout: 0.8,
  /** Oldest stream record a consumer has not processed yet. */
  iteratorAgeMs: 60_000,
  /** CloudFront answers 5xx, percent, three five-minute periods in a row. */
  cloudFront5xxPercent: 5,
  /**
   * A gradual deployment's new version, per minute (its canary lasts five): crashes or 5xx answers that
   * roll it back. Two, not one: one request that fails for a reason of its own does not undo a deploy.
   */
  canaryErrors: 2,
} as const;

export interface CityMonitoringProps {
  /** The stack watched: its functions, queues, gradual deployments and secrets, and the name alarms carry. */
  watched: Stack;
  topic: sns.ITopic;
  httpApi: apigw.HttpApi;
  table: dynamodb.TableV2;
  /** The functions' POWERTOOLS_SERVICE_NAME: the `service` dimension of the business metrics. */
  serviceName: string;
  /** For the dashboard's CloudFront row (its metrics live in us-east-1). */
  distributionId: string;
}

/** `Api/awardsHandler` → `awards`, `Imports/Worker` → `Imports-Worker`: a function's name in alarms and graphs. */
export function functionLabel(fn: CityFunction): string {
  const stack = Stack.of(fn);
  const path = fn.node.path.slice(stack.node.path.length + 1);
  return path.replace(/^Api\//, '').replace(/Handler$/, '').replace(/\/$/, '').replace(/\//g, '-');
}

export const businessMetric = (serviceName: string, metricName: BusinessMetric, dimensions: Record<string, string> = {}, period = FIVE_MINUTES) =>
  new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: serviceName, ...dimensions }, statistic: 'Sum', period });

/** CloudFront's 5xx error rate: published in us-east-1 only, whatever the city's region. */
export const cloudFront5xxRate = (distributionId: string) =>
  new cloudwatch.Metric({
    namespace: 'AWS/CloudFront',
    metricName: '5xxErrorRate',
    dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
    statistic: 'Average',
    period: FIVE_MINUTES,
    region: 'us-east-1',
  });

/** Alarms that notify `topic` when they fire and when they clear. */
export class AlarmSet {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(
    private readonly scope: Construct,
    private readonly topic: sns.ITopic,
    /** Each alarm's name starts with this stack's name. */
    private readonly namedFor: Stack = Stack.of(scope),
  ) {}

  add(
    id: string,
    description: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    periods: { evaluationPeriods?: number; datapointsToAlarm?: number } = {},
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this.scope, id, {
      alarmName: `${this.namedFor.stackName}-${id}`,
      alarmDescription: `${description} (runbooks: docs/operations.md)`,
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: periods.evaluationPeriods ?? 1,
      datapointsToAlarm: periods.datapointsToAlarm ?? periods.evaluationPeriods ?? 1,
      // No traffic is not a failure: a quiet city at night must not page anyone.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}

export class CityMonitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: CityMonitoringProps) {
    super(scope, id);
    const set = new AlarmSet(this, props.topic, props.watched);
    const all = props.watched.node.findAll();
    const functions = all.filter((c): c is CityFunction => c instanceof CityFunction);
    const deadLetterQueues = [
      ...new Set([
        ...all.flatMap((c) => (c instanceof sqs.Queue && c.deadLetterQueue ? [c.deadLetterQueue.queue] : [])),
        // Stream consumers' on-failure destinations, which no queue names as its redrive target.
        ...all.filter((c): c is DeadLetterQueue => c instanceof DeadLetterQueue),
      ]),
    ];
    const business = (name: BusinessMetric, dimensions?: Record<string, string>, period?: Duration) =>
      businessMetric(props.serviceName, name, dimensions, period);

    // The API, as callers see it.
    const requests = props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    set.add(
      'Api-5xxRate',
      `More than ${thresholds.api5xxPercent}% of API requests answered 5xx`,
      new cloudwatch.MathExpression({
        expression: `IF(requests >= ${thresholds.minRequests}, 100 * errors / requests, 0)`,
        usingMetrics: { requests, errors: serverErrors },
        label: 'API 5xx %',
        period: FIVE_MINUTES,
      }),
      thresholds.api5xxPercent,
      { evaluationPeriods: 3, datapointsToAlarm: 2 },
    );
    const latencyP99 = props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' });
    set.add('Api-LatencyP99', `API latency p99 above ${thresholds.apiLatencyP99Ms} ms`, latencyP99, thresholds.apiLatencyP99Ms, { evaluationPeriods: 3 });

    // Every function: crashes, throttles, and running close to its timeout.
    for (const fn of functions) {
      const label = functionLabel(fn);
      set.add(`Lambda-${label}-Errors`, `${label}: invocations crashed or timed out`, fn.fn.metricErrors({ period: FIVE_MINUTES }), thresholds.lambdaErrors);
      set.add(`Lambda-${label}-Throttles`, `${label}: invocations throttled (concurrency)`, fn.fn.metricThrottles({ period: FIVE_MINUTES }), thresholds.lambdaThrottles);
      const timeoutMs = (fn.fn.timeout ?? Duration.seconds(3)).toMilliseconds();
      set.add(
        `Lambda-${label}-NearTimeout`,
        `${label}: the slowest invocation took ${thresholds.durationOfTimeout * 100}% of its ${timeoutMs / 1000} s timeout`,
        fn.fn.metricDuration({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        Math.round(timeoutMs * thresholds.durationOfTimeout),
        { evaluationPeriods: 3, datapointsToAlarm: 2 },
      );
    }
    // Stream consumers (a DynamoDB or Kinesis event source has a starting position; SQS has none).
    for (const fn of functions) {
      const consumesStream = fn.fn.node.findAll().some((c: IConstruct) => c instanceof lambda.CfnEventSourceMapping && c.startingPosition !== undefined);
      if (!consumesStream) continue;
      const label = functionLabel(fn);
      set.add(
        `Lambda-${label}-IteratorAge`,
        `${label}: stream records wait more than ${thresholds.iteratorAgeMs / 1000} s`,
        fn.fn.metric('IteratorAge', { period: FIVE_MINUTES, statistic: 'Maximum' }),
        thresholds.iteratorAgeMs,
        { evaluationPeriods: 3, datapointsToAlarm: 2 },
      );
    }

    // The table.
    set.add(
      'Table-Throttles',
      'DynamoDB throttled requests (on-demand: a hot partition or the account table limit)',
      props.table.metricThrottledRequestsForOperations({ operations: tableOperations, period: FIVE_MINUTES }),
      1,
      { evaluationPeriods: 3, datapointsToAlarm: 2 },
    );
    set.add('Table-SystemErrors', 'DynamoDB answered 500 (system errors)', props.table.metricSystemErrorsForOperations({ operations: tableOperations, period: FIVE_MINUTES }), 1);

    // Work that failed for good.
    deadLetterQueues.forEach((queue, index) =>
      set.add(
        `DeadLetters-${index + 1}`,
        `A dead-letter queue holds messages (${queue.node.path}): redrive them once the cause is fixed`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        1,
      ),
    );
    // The new version of each gradually deployed group: any of these during its deployment rolls it back.
    for (const deployment of all.filter((c): c is GradualDeployment => c instanceof GradualDeployment)) {
      const label = functionLabel(deployment.handler);
      deployment.rollBackOn([
        set.add(`Canary-${label}-Errors`, `${label}: the new version crashed or timed out (rolls a deployment back)`, deployment.newVersionMetric('Errors', 'Sum'), thresholds.canaryErrors),
        set.add(`Canary-${label}-5xx`, `${label}: the new version answered 5xx (rolls a deployment back)`, deployment.newVersionServerErrors(), thresholds.canaryErrors),
        set.add(
          `Canary-${label}-LatencyP99`,
          `${label}: the new version's p99 duration is above ${deployment.options.latencyP99Ms} ms (rolls a deployment back)`,
          deployment.newVersionMetric('Duration', 'p99'),
          deployment.options.latencyP99Ms,
          { evaluationPeriods: 3, datapointsToAlarm: 2 },
        ),
      ]);
    }

    // A rotation runs every few months, and Secrets Manager retries a failed step only a few times: one error is news.
    for (const secret of all.filter((c): c is CitySecret => c instanceof CitySecret)) {
      set.add('CitySecret-RotationFailed', "A step of the city secret's rotation failed: the ring in use is unchanged; its log says why", secret.rotation.fn.metricErrors({ period: FIVE_MINUTES }), 1);
    }

    set.add('Imports-Failed', 'Import jobs failed (the job says why; the rest of the file was not awarded)', business(businessMetrics.importsFailed), 1);
    set.add('Signing-Errors', 'KMS Sign calls failed: badges could not be signed', business(businessMetrics.signingErrors), 1);

    this.alarms = set.alarms;
    this.dashboard = this.buildDashboard(props, functions, deadLetterQueues, business, { requests, serverErrors, latencyP99 });
  }

  private buildDashboard(
    props: CityMonitoringProps,
    functions: CityFunction[],
    deadLetterQueues: sqs.IQueue[],
    business: (name: BusinessMetric, dimensions?: Record<string, string>, period?: Duration) => cloudwatch.Metric,
    api: { requests: cloudwatch.Metric; serverErrors: cloudwatch.Metric; latencyP99: cloudwatch.Metric },
  ): cloudwatch.Dashboard {
    const hourly = Duration.hours(1);
    const stack = props.watched;
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: stack.stackName,
      defaultInterval: Duration.days(7),
    });
    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# ${stack.stackName}\nBusiness metrics (namespace ${METRICS_NAMESPACE}, service ${props.serviceName}) per hour; services per five minutes. Runbooks: docs/operations.md.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      graph('Awards issued and revoked', [
        business(businessMetrics.awardsIssued, {}, hourly).with({ label: 'awards issued' }),
        business(businessMetrics.revocations, {}, hourly).with({ label: 'revocations' }),
      ]),
      graph('Imports', [
        business(businessMetrics.importsSubmitted, {}, hourly).with({ label: 'submitted' }),
        business(businessMetrics.importsCompleted, {}, hourly).with({ label: 'completed' }),
        business(businessMetrics.importsFailed, {}, hourly).with({ label: 'failed' }),
      ]),
      graph(
        'Verifications by verdict',
        verificationVerdicts.map((verdict) => business(businessMetrics.verifications, { verdict }, hourly).with({ label: verdict })),
      ),
    );
    dashboard.addWidgets(
      graph('API requests and 5xx', [api.requests.with({ label: 'requests' })], [api.serverErrors.with({ label: '5xx' })]),
      graph('API latency p99 (ms)', [api.latencyP99.with({ label: 'p99' })]),
      graph('CloudFront 5xx rate (%)', [cloudFront5xxRate(props.distributionId).with({ label: '5xx %' })]),
    );
    dashboard.addWidgets(
      graph('Lambda errors by function', functions.map((fn) => fn.fn.metricErrors({ period: FIVE_MINUTES, label: functionLabel(fn) }))),
      graph('Lambda duration p99 by function (ms)', functions.map((fn) => fn.fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99', label: functionLabel(fn) }))),
      graph('Table throttled requests', [props.table.metricThrottledRequestsForOperations({ operations: tableOperations, period: FIVE_MINUTES })]),
    );
    dashboard.addWidgets(
      graph('Table system errors', [props.table.metricSystemErrorsForOperations({ operations: tableOperations, period: FIVE_MINUTES })]),
      graph('KMS signing errors', [business(businessMetrics.signingErrors).with({ label: 'signing errors' })]),
      graph(
        'Dead letters',
        deadLetterQueues.map((queue) => queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum', label: queue.node.path })),
      ),
    );
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }));
    return dashboard;
  }
}

/** The city's monitoring in a nested stack of its own, watching the city stack it is made in. */
export class CityMonitoringStack extends NestedStack {
  readonly monitoring: CityMonitoring;

  constructor(scope: Stack, id: string, props: Omit<CityMonitoringProps, 'watched'>) {
    super(scope, id, { description: `Alarms and dashboard of ${scope.stackName}` });
    this.monitoring = new CityMonitoring(this, 'Monitoring', { ...props, watched: scope });
  }
}
