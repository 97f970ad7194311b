// What keeps a deployed city running: the decisions guarded at synth, its alarms and dashboard, the
// WAF in us-east-1 wired by cross-region references, the origin secret that closes the execute-api
// door, traces, DNS. The production city (which has every edge stack) is synthesised once.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CityConfigError, parseCityConfig } from '../../definitions/city-config';
import { businessMetrics, METRICS_NAMESPACE, verificationVerdicts } from '../../definitions/metrics';
import { ORIGIN_SECRET_ENV, ORIGIN_SECRET_HEADER } from '../../definitions/origin';
import { apiKeyAuthorizer, routeGroups, routeKey, routes, type Route } from '../../definitions/routes';
import { IMPORT_WORKER_TIMEOUT_SECONDS } from '../../definitions/import-jobs';
import { CITY_SECRET_ROTATION_DAYS } from '../../definitions/city-secret';
import { streamConsumers } from '../../definitions/consumers';
import { edgeAlarmsStackId, firewallStackId } from '../../lib/city-stack-id';
import { CityFunction } from '../../lib/constructs/city-function';
import { DeadLetterQueue } from '../../lib/constructs/dead-letter-queue';
import { rateLimitRules } from '../../lib/constructs/edge-firewall';
import { ALIAS_NAME, SERVER_ERROR_ANSWERS, gradualDeployments } from '../../lib/constructs/gradual-deployment';
import { CityMonitoring, thresholds } from '../../lib/constructs/monitoring';
import { repoRoot } from '../../lib/repo-root';
import { demoJson, monitoringOf, newApp, productionCity, synthCities, unusedAcknowledgements, type SynthesisedCities } from './synth';

type Resource = { Type: string; Properties: Record<string, any> };

const config = productionCity();
let synth: SynthesisedCities;
let city: Template;
let firewall: Template;
let edgeAlarms: Template;
/** The city's alarms and dashboard: a nested stack of the city's, read as the city passes it in. */
let monitoring: Template;

beforeAll(() => {
  synth = synthCities([config]);
  city = synth.template(synth.stacks[0]!);
  monitoring = monitoringOf(synth.stacks[0]!);
  firewall = Template.fromStack(synth.app.node.findChild(firewallStackId(config)) as Stack);
  edgeAlarms = Template.fromStack(synth.app.node.findChild(edgeAlarmsStackId(config)) as Stack);
});

const resources = (t: Template, type: string) => Object.entries(t.findResources(type)) as [string, Resource][];
/** The alarms of a template by name, without the stack name that prefixes each. */
const alarms = (t: Template) =>
  new Map(resources(t, 'AWS::CloudWatch::Alarm').map(([, a]) => [String(a.Properties.AlarmName).replace(/^CityOfLearning-metropolis(-EdgeAlarms)?-/, ''), a.Properties]));
const fnDescriptions = [...Object.values(routeGroups).map((g) => g.description), apiKeyAuthorizer.description];

function problemsOf(input: Record<string, unknown>): string[] {
  try {
    parseCityConfig(input, 'cities/x.json');
  } catch (error) {
    expect(error).toBeInstanceOf(CityConfigError);
    return (error as CityConfigError).problems;
  }
  return [];
}

describe('decisions that cannot be undone, guarded at synth', () => {
  const production = { ...demoJson(), stage: 'production', dataRetention: 'retain', aws: { account: '123456789012', region: 'eu-west-2' }, operations: { alarmEmail: 'ops@city.example.org' } };
  const domain = { domainName: 'learn.city.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555' };

  it('refuses a production city without its own domain, saying why', () => {
    expect(problemsOf(production)).toEqual([
      expect.stringMatching(/^customDomain: a production city needs its own domain before its first badge: badge URLs are signed into every credential and baked into every image/),
    ]);
    expect(problemsOf({ ...production, customDomain: domain })).toEqual([]);
  });

  it('refuses a production city with no alarm email or no account and region', () => {
    const { operations: _o, aws: _a, ...bare } = production;
    expect(problemsOf({ ...bare, customDomain: domain })).toEqual([
      expect.stringMatching(/^aws: a production city names the account and region/),
      expect.stringMatching(/^operations\.alarmEmail: a production city needs someone to hear its alarms/),
    ]);
  });

  it('lets a dev city go without any of them', () => {
    expect(problemsOf(demoJson())).toEqual([]);
  });

  it('refuses a Route 53 zone that does not hold the domain', () => {
    expect(problemsOf({ ...production, customDomain: { ...domain, route53: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'other.example.org' } } })).toEqual([
      'customDomain.route53.zoneName: must be the domain name itself or a parent of it',
    ]);
  });

  it('aliases the domain to the distribution in the Route 53 zone, IPv4 and IPv6', () => {
    // The domain's own records (the zone also gets the mail identity's DKIM CNAMEs).
    const records = resources(city, 'AWS::Route53::RecordSet').map(([, r]) => r.Properties).filter((r) => r.Type !== 'CNAME');
    expect(records.map((r) => [r.Type, r.Name, r.HostedZoneId])).toEqual([
      ['A', 'learn.metropolis.example.org.', 'Z0123456789ABCDEFGHIJ'],
      ['AAAA', 'learn.metropolis.example.org.', 'Z0123456789ABCDEFGHIJ'],
    ]);
    for (const record of records) expect(record.AliasTarget.DNSName).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PublicSiteDistribution/), 'DomainName'] });
  });
});

describe('alarms', () => {
  const topicOf = (t: Template) => {
    // The alarms' topic (the city stack also has the mail events' topic, which SES publishes to).
    const [[topicId, topic]] = resources(t, 'AWS::SNS::Topic').filter(([, r]) => JSON.stringify(r.Properties.KmsMasterKeyId ?? '').includes('AlarmsKey')) as [[string, Resource]];
    return { topicId, topic };
  };

  it.each([
    ['the city', () => city, () => monitoring],
    ['the edge', () => edgeAlarms, () => edgeAlarms],
  ])("%s notifies an encrypted topic that the city's alarm email is subscribed to", (_where, t, alarmsOf) => {
    const { topicId, topic } = topicOf(t());
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AlarmsKey/), 'Arn'] });
    const subscriptions = resources(t(), 'AWS::SNS::Subscription').map(([, s]) => s.Properties).filter((s) => s.Protocol === 'email');
    expect(subscriptions).toEqual([{ Protocol: 'email', Endpoint: 'city-ops@metropolis.example.org', TopicArn: { Ref: topicId } }]);
    // CloudWatch may use the key: without it, alarms could not publish to the encrypted topic.
    const [, key] = resources(t(), 'AWS::KMS::Key').find(([id]) => id.startsWith('AlarmsKey'))!;
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(resources(alarmsOf(), 'AWS::CloudWatch::Alarm').length).toBeGreaterThan(0);
    for (const [, alarm] of resources(alarmsOf(), 'AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
      expect(alarm.Properties.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    }
  });

  it('watch the API 5xx rate (with a floor of requests) and latency p99', () => {
    const rate = alarms(monitoring).get('Api-5xxRate')!;
    expect(rate).toMatchObject({ Threshold: thresholds.api5xxPercent, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    const expression = rate.Metrics.find((m: any) => m.Expression);
    expect(expression.Expression).toBe(`IF(requests >= ${thresholds.minRequests}, 100 * errors / requests, 0)`);
    expect(rate.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat.Metric.Namespace, m.MetricStat.Metric.MetricName, m.MetricStat.Stat]).sort()).toEqual([
      ['errors', 'AWS/ApiGateway', '5xx', 'Sum'],
      ['requests', 'AWS/ApiGateway', 'Count', 'Sum'],
    ]);
    expect(alarms(monitoring).get('Api-LatencyP99')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: 5000, EvaluationPeriods: 3 });
  });

  it('watch every function: errors, throttles and duration near its timeout', () => {
    const functions = resources(city, 'AWS::Lambda::Function').filter(([, f]) => f.Properties.Description !== undefined && f.Properties.Handler === 'index.handler');
    // The route groups, the authorizer, the spine sync, the import worker, the city secret's rotation, the mail events handler, the learner purge and the stream's consumers.
    expect(functions).toHaveLength(Object.keys(routeGroups).length + 6 + Object.keys(streamConsumers).length);
    const all = alarms(monitoring);
    for (const [id, fn] of functions) {
      const watching = [...all.entries()].filter(([name, a]) => name.startsWith('Lambda-') && a.Dimensions?.[0]?.Value?.Ref === id);
      const byMetric = Object.fromEntries(watching.map(([, a]) => [a.MetricName, a]));
      const consumer = Object.values(streamConsumers).some((c) => c.description === fn.Properties.Description);
      expect(Object.keys(byMetric).sort(), fn.Properties.Description).toEqual(consumer ? ['Duration', 'Errors', 'IteratorAge', 'Throttles'] : ['Duration', 'Errors', 'Throttles']);
      expect(byMetric.Errors).toMatchObject({ Statistic: 'Sum', Threshold: thresholds.lambdaErrors, Period: 300 });
      expect(byMetric.Throttles).toMatchObject({ Statistic: 'Sum', Threshold: thresholds.lambdaThrottles });
      expect(byMetric.Duration).toMatchObject({ Statistic: 'Maximum', Threshold: fn.Properties.Timeout * 1000 * thresholds.durationOfTimeout });
    }
    expect(all.get('Lambda-Imports-Worker-NearTimeout')!.Threshold).toBe(IMPORT_WORKER_TIMEOUT_SECONDS * 800);
    expect(all.get('Lambda-awards-NearTimeout')!.Threshold).toBe(routeGroups.awards.timeoutSeconds * 800);
  });

  it('watch the table: throttles and system errors over every operation the functions use', () => {
    for (const name of ['Table-Throttles', 'Table-SystemErrors']) {
      const alarm = alarms(monitoring).get(name)!;
      const stats = alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric);
      expect(stats.map((m: any) => m.Dimensions.find((d: any) => d.Name === 'Operation').Value).sort()).toEqual(
        ['BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'TransactWriteItems', 'UpdateItem'],
      );
      expect(new Set(stats.map((m: any) => m.MetricName))).toEqual(new Set([name === 'Table-Throttles' ? 'ThrottledRequests' : 'SystemErrors']));
      expect(alarm.Threshold).toBe(1);
    }
  });

  it('watch every dead-letter queue: one message is an alarm', () => {
    const [[dlqId]] = resources(city, 'AWS::SQS::Queue').filter(([, q]) => !q.Properties.RedrivePolicy) as [[string, Resource]];
    expect(alarms(monitoring).get('DeadLetters-1')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
    });
  });

  it.each([
    ['Imports-Failed', businessMetrics.importsFailed],
    ['Signing-Errors', businessMetrics.signingErrors],
  ])('%s watches the business metric the functions emit', (name, metric) => {
    expect(alarms(monitoring).get(name)).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: metric,
      Dimensions: [{ Name: 'service', Value: 'city-metropolis' }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('are exactly these: nothing unwatched, nothing extra (each stream consumer: its iterator age and its dead-letter queue)', () => {
    const consumers = Object.keys(streamConsumers).length;
    const functionAlarms = (Object.keys(routeGroups).length + 6 + consumers) * 3;
    const canaryAlarms = Object.keys(gradualDeployments).length * 3;
    expect(alarms(monitoring).size).toBe(functionAlarms + canaryAlarms + 2 + 2 + 1 + 2 + 1 + consumers * 2);
    expect([...alarms(monitoring).keys()].filter((name) => name.includes('IteratorAge'))).toHaveLength(consumers);
  });

  it('watch CloudFront 5xx from us-east-1, where its metrics are, on the distribution the city stack made', () => {
    expect(synth.app.node.findChild(edgeAlarmsStackId(config)) as Stack).toMatchObject({ region: 'us-east-1' });
    const alarm = alarms(edgeAlarms).get('CloudFront-5xxRate')!;
    expect(alarm).toMatchObject({ Namespace: 'AWS/CloudFront', MetricName: '5xxErrorRate', Statistic: 'Average', Threshold: thresholds.cloudFront5xxPercent, EvaluationPeriods: 3 });
    const distribution = alarm.Dimensions.find((d: any) => d.Name === 'DistributionId').Value;
    // A cross-region reference: read by CDK's reader custom resource from the city stack's SSM export.
    expect(distribution).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ExportsReader/), expect.stringMatching(/^\/cdk\/exports\/.*PublicSiteDistribution/)] });
    expect(alarm.Dimensions).toContainEqual({ Name: 'Region', Value: 'Global' });
  });
});

describe('the stream iterator-age hook', () => {
  it('adds an iterator-age alarm for a function fed by a table stream, and a dead-letter alarm on its on-failure queue', () => {
    const app = newApp();
    const stack = new Stack(app, 'Streams');
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, dynamoStream: dynamodb.StreamViewType.NEW_IMAGE });
    const consumer = new CityFunction(stack, 'Consumer', { entry: join(repoRoot, 'functions/system/handler.ts'), description: 'stream consumer', environment: {}, dataRetention: 'destroy' });
    // Every dead-letter queue of the city is a DeadLetterQueue, which the monitoring finds by its kind.
    const failed = new DeadLetterQueue(stack, 'FailedRecords');
    consumer.fn.addEventSource(new DynamoEventSource(table, { startingPosition: lambda.StartingPosition.LATEST, onFailure: new SqsDlq(failed) }));
    new sqs.Queue(stack, 'NotADeadLetterQueue');
    const httpApi = new apigw.HttpApi(stack, 'Api');
    new CityMonitoring(stack, 'Monitoring', { watched: stack, topic: new sns.Topic(stack, 'Topic'), httpApi, table, serviceName: 'city-x', distributionId: 'E123' });
    const all = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    const iteratorAge = all.filter((a: any) => a.Properties.MetricName === 'IteratorAge');
    expect(iteratorAge).toHaveLength(1);
    expect(iteratorAge[0]!.Properties).toMatchObject({ Statistic: 'Maximum', Threshold: thresholds.iteratorAgeMs });
    // The consumer's on-failure queue is a dead-letter queue like any other: one message is an alarm.
    const deadLetters = all.filter((a: any) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(deadLetters.map((a: any) => a.Properties.Dimensions[0].Value)).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^FailedRecords/), 'QueueName'] }]);
  });
});

describe('the dashboard', () => {
  const body = () => {
    const [[, dashboard]] = resources(monitoring, 'AWS::CloudWatch::Dashboard') as [[string, Resource]];
    expect(dashboard.Properties.DashboardName).toBe('CityOfLearning-metropolis');
    return JSON.stringify(dashboard.Properties.DashboardBody);
  };

  it('is one per city, with every business metric of the city, verifications by each verdict', () => {
    expect(resources(monitoring, 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
    for (const metric of Object.values(businessMetrics)) expect(body()).toContain(`\\"${METRICS_NAMESPACE}\\",\\"${metric}\\",\\"service\\",\\"city-metropolis\\"`);
    for (const verdict of verificationVerdicts) expect(body()).toContain(`\\"verdict\\",\\"${verdict}\\"`);
  });

  it("shows the API, the functions, the table, the dead letters, CloudFront (from us-east-1) and every alarm's state", () => {
    for (const part of ['AWS/ApiGateway', 'AWS/Lambda', 'AWS/DynamoDB', 'AWS/SQS', 'AWS/CloudFront', '\\"region\\":\\"us-east-1\\"', 'alarm']) expect(body()).toContain(part);
    for (const [id] of resources(monitoring, 'AWS::CloudWatch::Alarm')) expect(body()).toContain(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
  });
});

describe('the WAF', () => {
  const webAcl = () => {
    const [[, acl]] = resources(firewall, 'AWS::WAFv2::WebACL') as [[string, Resource]];
    return acl.Properties;
  };

  it('is a CloudFront web ACL in us-east-1 that allows by default', () => {
    expect(synth.app.node.findChild(firewallStackId(config)) as Stack).toMatchObject({ region: 'us-east-1', terminationProtection: true });
    expect(webAcl()).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it("runs AWS's common and known-bad-inputs rule groups, counting (not blocking) bodies over 8 KB", () => {
    const managed = webAcl().Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement);
    expect(managed.map((r: any) => [r.Name, r.OverrideAction])).toEqual([
      ['AWSManagedRulesCommonRuleSet', { None: {} }],
      ['AWSManagedRulesKnownBadInputsRuleSet', { None: {} }],
    ]);
    expect(managed[0].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
  });

  it('limits POST /verify per client IP to the configured rate, answering 429', () => {
    const rule = webAcl().Rules.find((r: any) => r.Name === 'RateLimit-POST-verify');
    expect(rule.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
    const rate = rule.Statement.RateBasedStatement;
    expect(rate).toMatchObject({ Limit: config.firewall.verifyRateLimit, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(rate.ScopeDownStatement.AndStatement.Statements.map((s: any) => [s.ByteMatchStatement.PositionalConstraint, s.ByteMatchStatement.SearchString])).toEqual([
      ['EXACTLY', 'POST'],
      ['EXACTLY', '/verify'],
    ]);
  });

  it('limits every write method together per client IP', () => {
    const rule = webAcl().Rules.find((r: any) => r.Name === 'RateLimit-writes');
    expect(rule.Statement.RateBasedStatement.Limit).toBe(config.firewall.writeRateLimit);
    expect(rule.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map((s: any) => s.ByteMatchStatement.SearchString)).toEqual(['POST', 'PUT', 'PATCH', 'DELETE']);
  });

  it('limits the sign-in round trip and address codes together per client IP, each route by method and exact path', () => {
    const rule = webAcl().Rules.find((r: any) => r.Name === 'RateLimit-sign-in');
    expect(rule.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
    const rate = rule.Statement.RateBasedStatement;
    expect(rate).toMatchObject({ Limit: config.firewall.signInRateLimit, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(
      rate.ScopeDownStatement.OrStatement.Statements.map((s: any) => s.AndStatement.Statements.map((m: any) => `${m.ByteMatchStatement.PositionalConstraint} ${m.ByteMatchStatement.SearchString}`)),
    ).toEqual([
      ['EXACTLY GET', 'EXACTLY /sign-in'],
      ['EXACTLY GET', 'EXACTLY /sign-in/callback'],
      ['EXACTLY POST', 'EXACTLY /account/addresses'],
      ['EXACTLY POST', 'EXACTLY /account/addresses/verify'],
    ]);
  });

  it('limits claims by the path template, as a regex', () => {
    const rule = webAcl().Rules.find((r: any) => r.Name === 'RateLimit-POST-claim-code');
    const rate = rule.Statement.RateBasedStatement;
    expect(rate.Limit).toBe(config.firewall.claimRateLimit);
    expect(rate.ScopeDownStatement.AndStatement.Statements[1].RegexMatchStatement.RegexString).toBe('^/claim/[^/]+$');
  });

  it('takes each limit from the city config, with safe defaults', () => {
    expect(parseCityConfig({ ...demoJson(), firewall: undefined }, 'cities/x.json').firewall).toEqual({ verifyRateLimit: 100, writeRateLimit: 1000, claimRateLimit: 300, signInRateLimit: 300 });
    expect(problemsOf({ ...demoJson(), firewall: { signInRateLimit: 5 } })).toEqual([expect.stringMatching(/^firewall\.signInRateLimit: /)]);
  });

  it('rate-limits only routes that exist in the route table, each rule with a priority of its own', () => {
    const keys = new Set(routes.map(routeKey));
    for (const key of rateLimitRules.flatMap((r) => r.routes)) expect(keys).toContain(key);
    const priorities = webAcl().Rules.map((r: any) => r.Priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  it('is attached to the distribution, through a cross-region reference', () => {
    const [[, distribution]] = resources(city, 'AWS::CloudFront::Distribution') as [[string, Resource]];
    expect(distribution.Properties.DistributionConfig.WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ExportsReader/), expect.stringMatching(/WebAcl/)] });
  });
});

describe('only CloudFront reaches the API', () => {
  it('CloudFront sends the origin secret, resolved from Secrets Manager at deploy time, to the API origin', () => {
    const [[, distribution]] = resources(city, 'AWS::CloudFront::Distribution') as [[string, Resource]];
    const apiOrigin = distribution.Properties.DistributionConfig.Origins.find((o: any) => o.CustomOriginConfig);
    expect(apiOrigin.OriginCustomHeaders).toEqual([{ HeaderName: ORIGIN_SECRET_HEADER, HeaderValue: expect.anything() }]);
    expect(JSON.stringify(apiOrigin.OriginCustomHeaders[0].HeaderValue)).toMatch(/\{\{resolve:secretsmanager:.*OriginSecret.*:SecretString:::\}\}/);
  });

  // The authorizer shares the route groups' environment; the route function behind it is what checks.
  it('every API function holds the same value to check it against; background functions do not', () => {
    const [[, distribution]] = resources(city, 'AWS::CloudFront::Distribution') as [[string, Resource]];
    const header = distribution.Properties.DistributionConfig.Origins.find((o: any) => o.CustomOriginConfig).OriginCustomHeaders[0].HeaderValue;
    for (const [, fn] of resources(city, 'AWS::Lambda::Function').filter(([, f]) => f.Properties.Handler === 'index.handler')) {
      const value = fn.Properties.Environment.Variables[ORIGIN_SECRET_ENV];
      if (fnDescriptions.includes(fn.Properties.Description)) expect(value, fn.Properties.Description).toEqual(header);
      else expect(value, fn.Properties.Description).toBeUndefined();
    }
  });
});

describe('the stack size', () => {
  it('stays under CloudFormation\'s 500 resources per stack', () => {
    // One invoke permission per function (not per route) keeps routes from eating the budget, and the
    // alarms and dashboard are a nested stack of their own (docs/operations.md, "Stack size"), which
    // takes the city's resources as parameters (at most 200).
    const nested = Template.fromStack(Stack.of(synth.stacks[0]!.monitoring)).toJSON();
    expect(Object.keys(city.toJSON().Resources).length).toBeLessThan(500);
    expect(Object.keys(nested.Resources).length).toBeLessThan(500);
    expect(Object.keys(nested.Parameters ?? {}).length).toBeLessThan(200);
  });
});

describe('traces', () => {
  it('every city function is traced by X-Ray (active: Lambda samples)', () => {
    const functions = resources(city, 'AWS::Lambda::Function').filter(([, f]) => f.Properties.Handler === 'index.handler');
    expect(functions.length).toBe(Object.keys(routeGroups).length + 6 + Object.keys(streamConsumers).length);
    for (const [, fn] of functions) expect(fn.Properties.TracingConfig, fn.Properties.Description).toEqual({ Mode: 'Active' });
  });
});

describe('cdk-nag on the edge stacks', () => {
  it.each([firewallStackId(config), edgeAlarmsStackId(config)])('%s has no finding and no acknowledgement it does not need', (id) => {
    expect(synth.nagFindings.filter((finding) => finding.includes(` @ ${id}/`))).toEqual([]);
    expect(unusedAcknowledgements(synth.app.node.findChild(id))).toEqual([]);
  });
});

describe("the city's secret rotates", () => {
  const secretId = () => resources(city, 'AWS::SecretsManager::Secret').find(([id]) => id.startsWith('CitySecret'))![0];
  const rotationFn = () => resources(city, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Description === "Rotates the city's secret: adds a version to its keyring")!;
  const statementsOf = (roleRef: string) =>
    resources(city, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleRef))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);

  it('on a schedule, through its own rotation function, not at deploy time', () => {
    const [[, schedule]] = resources(city, 'AWS::SecretsManager::RotationSchedule') as [[string, Resource]];
    const [fnId] = rotationFn();
    expect(schedule.Properties).toEqual({
      SecretId: { Ref: secretId() },
      RotationLambdaARN: { 'Fn::GetAtt': [fnId, 'Arn'] },
      RotationRules: { ScheduleExpression: `rate(${CITY_SECRET_ROTATION_DAYS} days)` },
      // the functions that read the ring must all be deployed before the first rotation
      RotateImmediatelyOnUpdate: false,
    });
  });

  it('lets the rotation function do the four steps on this secret only, invoked by Secrets Manager for this secret only', () => {
    const [fnId, fn] = rotationFn();
    const statements = statementsOf(fn.Properties.Role['Fn::GetAtt'][0]).filter((st: any) => String(st.Action).includes('secretsmanager'));
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        Resource: { Ref: secretId() },
      },
    ]);
    const permissions = resources(city, 'AWS::Lambda::Permission').filter(([, p]) => JSON.stringify(p.Properties.FunctionName).includes(fnId));
    expect(permissions.map(([, p]) => p.Properties)).toEqual([
      { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] }, Principal: 'secretsmanager.amazonaws.com', SourceAccount: '123456789012', SourceArn: { Ref: secretId() } },
    ]);
  });

  it('alarms on the first failed step', () => {
    const [fnId] = rotationFn();
    expect(alarms(monitoring).get('CitySecret-RotationFailed')).toMatchObject({ MetricName: 'Errors', Threshold: 1, Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }] });
  });

  it('no other function may change the secret, and none may ask for random passwords', () => {
    const writers = resources(city, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('secretsmanager:PutSecretValue'));
    expect(writers).toHaveLength(1);
    expect(JSON.stringify(city.toJSON())).not.toContain('GetRandomPassword');
  });
});

describe('gradual deployments', () => {
  const labels = Object.keys(gradualDeployments);
  const fnOf = (group: string) => resources(city, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Description === (routeGroups as Record<string, { description: string }>)[group]!.description)!;
  const aliasOf = (group: string) => {
    const [fnId] = fnOf(group);
    return resources(city, 'AWS::Lambda::Alias').find(([, a]) => a.Properties.FunctionName.Ref === fnId)!;
  };

  it('cover the public badge URLs and awarding', () => {
    expect(labels.sort()).toEqual(['awards', 'badges']);
  });

  it.each(labels)('%s: API Gateway calls the live alias, which CodeDeploy moves a tenth of requests for 5 minutes, then all', (group) => {
    const [aliasId, alias] = aliasOf(group);
    expect(alias.Properties.Name).toBe(ALIAS_NAME);
    const update = (city.toJSON().Resources[aliasId] as any).UpdatePolicy.CodeDeployLambdaAliasUpdate;
    const [groupId, deploymentGroup] = resources(city, 'AWS::CodeDeploy::DeploymentGroup').find(([id]) => update.DeploymentGroupName.Ref === id)!;
    expect(groupId).toBeDefined();
    expect(deploymentGroup.Properties.DeploymentConfigName).toBe('CodeDeployDefault.LambdaCanary10Percent5Minutes');
    expect(deploymentGroup.Properties.AutoRollbackConfiguration).toEqual({ Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM'] });
    const integrations = resources(city, 'AWS::ApiGatewayV2::Integration').filter(([, i]) => JSON.stringify(i.Properties.IntegrationUri).includes(aliasId));
    const routesOfGroup = routes.filter((r) => r.group === group);
    expect(integrations).toHaveLength(1);
    const [integrationId] = integrations[0]!;
    const routed = resources(city, 'AWS::ApiGatewayV2::Route').filter(([, r]) => JSON.stringify(r.Properties.Target).includes(integrationId));
    // A HEAD route is deployed as GET and HEAD.
    const keys = (routesOfGroup as readonly Route[]).flatMap((r) => (r.head ? [routeKey(r), `HEAD ${r.path}`] : [routeKey(r)]));
    expect(routed.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(keys.sort());
  });

  it.each(labels)("%s: rolls back on the new version's crashes, 5xx answers and p99 duration, each watching it before it gets traffic", (group) => {
    const [aliasId] = aliasOf(group);
    const [fnId] = fnOf(group);
    const update = (city.toJSON().Resources[aliasId] as any).UpdatePolicy.CodeDeployLambdaAliasUpdate;
    const [, deploymentGroup] = resources(city, 'AWS::CodeDeploy::DeploymentGroup').find(([id]) => update.DeploymentGroupName.Ref === id)!;
    const names = [`Canary-${group}-Errors`, `Canary-${group}-5xx`, `Canary-${group}-LatencyP99`];
    expect(deploymentGroup.Properties.AlarmConfiguration.Enabled).toBe(true);
    // The alarms are the monitoring stack's: the deployment group reads each name from its outputs.
    const nested = monitoring.toJSON() as { Outputs: Record<string, { Value: { Ref: string } }>; Resources: Record<string, Resource> };
    const outputs: [string, string][] = deploymentGroup.Properties.AlarmConfiguration.Alarms.map((a: any) => a.Name['Fn::GetAtt']);
    const alarmIds = outputs.map(([, output]) => nested.Outputs[output.replace(/^Outputs\./, '')]!.Value.Ref);
    expect(alarmIds.map((id) => String(nested.Resources[id]!.Properties.AlarmName).replace(/^CityOfLearning-metropolis-/, ''))).toEqual(names);
    const byName = alarms(monitoring);
    const version = { 'Fn::GetAtt': [expect.stringMatching(/CurrentVersion/), 'Version'] };
    expect(byName.get(names[0]!)).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Period: 60, Statistic: 'Sum', Threshold: thresholds.canaryErrors });
    expect(byName.get(names[0]!)!.Dimensions).toEqual(
      expect.arrayContaining([{ Name: 'ExecutedVersion', Value: version }, { Name: 'FunctionName', Value: { Ref: fnId } }, { Name: 'Resource', Value: expect.anything() }]),
    );
    expect(byName.get(names[1]!)).toMatchObject({ Namespace: METRICS_NAMESPACE, MetricName: SERVER_ERROR_ANSWERS, Period: 60, Threshold: thresholds.canaryErrors });
    expect(byName.get(names[1]!)!.Dimensions).toEqual(expect.arrayContaining([{ Name: 'version', Value: version }, { Name: 'function', Value: { Ref: fnId } }]));
    expect(byName.get(names[2]!)).toMatchObject({ MetricName: 'Duration', ExtendedStatistic: 'p99', Threshold: gradualDeployments[group as 'badges']!.latencyP99Ms });
    // Before the alias moves (and the canary starts), the alarms watch the new version.
    expect((city.toJSON().Resources[aliasId] as any).DependsOn).toEqual(expect.arrayContaining([outputs[0]![0]]));
  });

  it.each(labels)("%s: counts 5xx answers from the function's request log lines, by function and version", (group) => {
    const [, fn] = fnOf(group);
    const filters = resources(city, 'AWS::Logs::MetricFilter').filter(([, f]) => f.Properties.LogGroupName.Ref === fn.Properties.LoggingConfig.LogGroup.Ref);
    expect(filters.map(([, f]) => f.Properties)).toEqual([
      {
        LogGroupName: expect.anything(),
        FilterPattern: '{ ($.message = "request") && ($.status >= 500) }',
        MetricTransformations: [
          { MetricNamespace: METRICS_NAMESPACE, MetricName: SERVER_ERROR_ANSWERS, MetricValue: '1', Dimensions: [{ Key: 'function', Value: '$.function_name' }, { Key: 'version', Value: '$.functionVersion' }] },
        ],
      },
    ]);
  });

  it('other groups are called directly, without an alias', () => {
    expect(resources(city, 'AWS::Lambda::Alias')).toHaveLength(labels.length);
  });
});
