// One city of learning: everything its config file describes, in one stack.
import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import type { CityConfig } from '../definitions/city-config';
import { cityEnvironment } from '../definitions/city-env';
import type { StreamConsumer } from '../definitions/consumers';
import { BadgeImages } from './constructs/badge-images';
import { AlarmTopic } from './constructs/alarm-topic';
import { CityAnalytics } from './constructs/city-analytics';
import { CityApi } from './constructs/city-api';
import { CityData } from './constructs/city-data';
import { CityFunction } from './constructs/city-function';
import { CityMail } from './constructs/city-mail';
import { MailEvents } from './constructs/mail-events';
import { CitySecret } from './constructs/city-secret';
import { CityStream } from './constructs/city-stream';
import { LearnerPurge } from './constructs/learner-purge';
import { LearnerSignIn } from './constructs/learner-sign-in';
import { ImportJobs } from './constructs/import-jobs';
import { CityMonitoringStack, type CityMonitoring } from './constructs/monitoring';
import { OriginSecret } from './constructs/origin-secret';
import { PublicSite } from './constructs/public-site';
import { SigningKey } from './constructs/signing-key';
import { SpineSync } from './constructs/spine-sync';
import { enableTracing } from './constructs/tracing';

export interface CityStackProps extends StackProps {
  config: CityConfig;
  /** The city's WAF web ACL, from its firewall stack in us-east-1 (lib/edge-stacks.ts). */
  webAclArn?: string;
  /** The event stream's consumers. @default every one of definitions/consumers.ts */
  consumers?: Record<string, StreamConsumer>;
}

export class CityStack extends Stack {
  readonly site: PublicSite;
  readonly monitoring: CityMonitoring;

  constructor(scope: Construct, id: string, props: CityStackProps) {
    const { config, webAclArn, consumers, ...stackProps } = props;
    super(scope, id, {
      description: `Cities of Learning: ${config.name} (${config.id}, ${config.stage})`,
      // A production city cannot be deleted by one command by mistake.
      terminationProtection: config.stage === 'production',
      ...stackProps,
    });
    const { dataRetention } = config;

    const data = new CityData(this, 'Data', { dataRetention });
    const images = new BadgeImages(this, 'BadgeImages', { dataRetention });
    const api = new CityApi(this, 'Api', { throttle: config.api, dataRetention });
    const originSecret = new OriginSecret(this, 'OriginSecret');
    const site = new PublicSite(this, 'PublicSite', {
      httpApi: api.httpApi,
      images,
      customDomain: config.customDomain,
      originHeaders: originSecret.originHeaders,
      webAclArn,
    });
    this.site = site;
    // Handlers build absolute links, so they need the URL the public sees, not the API's own.
    const environment = cityEnvironment(config, site.publicBaseUrl);
    const citySecret = new CitySecret(this, 'CitySecret', { dataRetention, environment });
    const signingKey = new SigningKey(this, 'SigningKey', { dataRetention, keys: config.signing.keys });
    const imports = new ImportJobs(this, 'Imports', { environment, data, images, citySecret, signingKey, dataRetention, maxConcurrency: config.imports.maxWorkers });
    const mail = new CityMail(this, 'Mail', { config });
    // Bounces and complaints come back through the configuration set and stop the city mailing that learner.
    new MailEvents(this, 'MailEvents', { configurationSet: mail.configurationSet, environment, data, citySecret, dataRetention });
    const signIn = new LearnerSignIn(this, 'LearnerSignIn', { config, publicBaseUrl: site.publicBaseUrl, mail, dataRetention });
    api.addRouteGroups({ environment: { ...environment, ...originSecret.environment }, data, images, citySecret, signingKey, imports, mail, signIn });
    new CityStream(this, 'Stream', { environment, data, images, citySecret, signingKey, imports, mail, signIn, dataRetention, consumers });
    // Under-13s' accounts the guardian never agreed to, and deletions cut short.
    new LearnerPurge(this, 'LearnerPurge', { environment, data, signIn, dataRetention });
    new SpineSync(this, 'SpineSync', { spine: config.skillsSpine, insights: config.insights, environment, data, dataRetention });
    const analytics = new CityAnalytics(this, 'Analytics', { cityId: config.id, table: data.table, accessLogs: images.accessLogs, dataRetention });

    Tags.of(this).add('city', config.id);
    if (config.customDomain?.route53) this.addDnsRecords(config.customDomain.domainName, config.customDomain.route53);

    // Last: it watches every function and queue the stack holds by then.
    for (const fn of this.node.findAll()) if (fn instanceof CityFunction) enableTracing(fn);
    const alarms = new AlarmTopic(this, 'Alarms', { email: config.operations?.alarmEmail });
    this.monitoring = new CityMonitoringStack(this, 'Monitoring', {
      topic: alarms.topic,
      httpApi: api.httpApi,
      table: data.table,
      serviceName: environment.POWERTOOLS_SERVICE_NAME!,
      distributionId: site.distribution.distributionId,
    }).monitoring;

    new CfnOutput(this, 'ApiUrl', {
      value: api.stage.url,
      description: 'The API Gateway endpoint: it refuses requests that do not come through CloudFront (use PublicBaseUrl)',
    });
    new CfnOutput(this, 'PublicBaseUrl', { value: site.publicBaseUrl, description: "The city's public URL" });
    new CfnOutput(this, 'DistributionId', { value: site.distribution.distributionId });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'BucketName', { value: images.bucket.bucketName, description: 'Badge images' });
    // For `npm run admin-key`, which issues the first city-admin key (the ARN, never the secret).
    for (const [keyId, key] of signingKey.keys) new CfnOutput(this, `SigningKey${keyId.toUpperCase()}Arn`, { value: key.keyArn, description: `Signing key ${keyId} (signing.keys in the city config)` });
    new CfnOutput(this, 'CitySecretArn', { value: citySecret.secret.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn, description: "Where this city's alarms go (subscribe more people here)" });
    new CfnOutput(this, 'AnalyticsBucketName', { value: analytics.bucket.bucketName, description: "The table's nightly exports and Athena's results (docs/insights-analysis.md)" });
    new CfnOutput(this, 'AthenaWorkGroup', { value: analytics.workGroup.ref, description: 'Query the exports in this workgroup' });
    new CfnOutput(this, 'GlueDatabase', { value: analytics.database.ref, description: 'The Glue database of the exports (Athena: its schema)' });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
  }

  /** The city's domain, aliased to the distribution (IPv4 and IPv6) in its Route 53 zone. */
  private addDnsRecords(domainName: string, zone: NonNullable<NonNullable<CityConfig['customDomain']>['route53']>): void {
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: zone.hostedZoneId, zoneName: zone.zoneName });
    const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.site.distribution));
    new route53.ARecord(this, 'DomainIpv4', { zone: hostedZone, recordName: `${domainName}.`, target });
    new route53.AaaaRecord(this, 'DomainIpv6', { zone: hostedZone, recordName: `${domainName}.`, target });
  }
}
