// What SES says about the city's mail, fed back: the configuration set's event destination publishes
// bounces and complaints to an SNS topic (encrypted with a key of its own that SES may use: the AWS
// managed SNS key does not let SES publish), which invokes the mail events handler. The handler may
// write the table and read the city's secret (definitions/function-grants.ts, otherFunctionGrants.mailEvents,
// which the local city and unit tests follow), and nothing else; only SES, for this configuration set
// in this account, may publish to the topic.
import { join } from 'node:path';
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { otherFunctionGrants } from '../../definitions/function-grants';
import { MAIL_EVENTS_ENTRY } from '../../definitions/mail';
import type { DataRetention } from '../data-retention';
import { repoRoot } from '../repo-root';
import type { CityData } from './city-data';
import { CityFunction } from './city-function';
import type { CitySecret } from './city-secret';

export const MAIL_EVENTS_DESCRIPTION = 'SES bounces and complaints: suppresses the recipient, so the city mails it no more';

export interface MailEventsProps {
  /** The SES configuration set the city's mail is sent with. */
  configurationSet: ses.ConfigurationSet;
  environment: Record<string, string>;
  data: CityData;
  citySecret: CitySecret;
  dataRetention: DataRetention;
}

export class MailEvents extends Construct {
  readonly topic: sns.Topic;
  readonly handler: CityFunction;

  constructor(scope: Construct, id: string, props: MailEventsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', {
      description: 'Encrypts SES bounce and complaint notifications of this city',
      enableKeyRotation: true,
      // It holds nothing that outlives a notification in flight.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const sesService = new iam.ServicePrincipal('ses.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    });
    key.grant(sesService, 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlySesOfThisAccountPublishes',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    props.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    this.handler = new CityFunction(this, 'Handler', {
      entry: join(repoRoot, MAIL_EVENTS_ENTRY),
      description: MAIL_EVENTS_DESCRIPTION,
      environment: props.environment,
      dataRetention: props.dataRetention,
    });
    const grants = otherFunctionGrants.mailEvents;
    props.data.bindTable(this.handler, grants.table);
    if (grants.citySecret) props.citySecret.bindCitySecret(this.handler);
    this.topic.addSubscription(new subscriptions.LambdaSubscription(this.handler.fn));
  }
}
