// SES bounces and complaints reach the city: the configuration set's event destination publishes only
// those two events to an SNS topic encrypted with a key SES may use, only SES of this account may
// publish to it, and it invokes the mail events function, whose role may use the city's table and read
// its secret and nothing else. cdk-nag (the app's gate) finds nothing unacknowledged.
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ses from 'aws-cdk-lib/aws-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCities } from '../../lib/city-app';
import { CityData } from '../../lib/constructs/city-data';
import { CitySecret } from '../../lib/constructs/city-secret';
import { MailEvents } from '../../lib/constructs/mail-events';
import { newApp } from './synth';

let template: Template;

beforeAll(() => {
  const app = newApp();
  addCities(app, []);
  const stack = new Stack(app, 'MailEventsTest', { env: { account: '111111111111', region: 'eu-west-2' } });
  const dataRetention = 'destroy' as never;
  const data = new CityData(stack, 'Data', { dataRetention });
  const citySecret = new CitySecret(stack, 'CitySecret', { dataRetention, environment: { CITY_ID: 'test' } });
  const configurationSet = new ses.ConfigurationSet(stack, 'Mail', { configurationSetName: 'city-test-mail' });
  new MailEvents(stack, 'MailEvents', { configurationSet, environment: { CITY_ID: 'test' }, data, citySecret, dataRetention });
  // The gate: an unacknowledged cdk-nag finding fails synth.
  app.synth();
  template = Template.fromStack(stack);
}, 120_000);

describe('SES bounces and complaints', () => {
  it('publishes only bounces and complaints of the city’s configuration set to the topic', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: Match.anyValue(),
      EventDestination: Match.objectLike({ Enabled: true, MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: { TopicARN: Match.anyValue() } }),
    });
  });

  it('encrypts the topic with its own key, lets only SES of this account publish, and forces TLS', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    const statements = policies.flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Sid: 'OnlySesOfThisAccountPublishes', Principal: { Service: 'ses.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('invokes the mail events function, which may use the table and read the secret, nothing more', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
    const fn = Object.entries(template.findResources('AWS::Lambda::Function')).find(([, r]) => String((r as { Properties: { Description?: string } }).Properties.Description).startsWith('SES bounces'));
    expect(fn).toBeDefined();
    const actions = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p).includes('MailEventsHandler'))
      .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument.Statement.flatMap((s) => [s.Action].flat()));
    expect(actions.some((a) => a.startsWith('dynamodb:'))).toBe(true);
    expect(actions).toContain('secretsmanager:GetSecretValue');
    for (const action of actions) expect(action).toMatch(/^(dynamodb|secretsmanager|logs):/);
  });
});
