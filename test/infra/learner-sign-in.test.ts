// The learners' sign-in and the city's mail as synthesised: a passwordless user pool on the Essentials
// plan with managed login on its own domain, one public app client (code + PKCE) whose URLs are the
// city's, SES's configuration set and identity, and the learners' function the only one that may send
// mail or knows the pool, sending only from the city's address through its configuration set.
import { Duration } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { beforeAll, describe, expect, it } from 'vitest';
import { mailConfigurationSetName } from '../../definitions/mail';
import { LEARNER_USER_POOL_ID_ENV, OIDC_CLIENT_ID_ENV, OIDC_ISSUER_ENV } from '../../definitions/learner-sign-in';
import { LEARNER_PURGE_DESCRIPTION, LEARNER_PURGE_EVERY_MINUTES } from '../../definitions/learner-purge';
import { routeGroups } from '../../definitions/routes';
import { demoCity, productionCity, synthCities } from './synth';
import { streamConsumers } from '../../definitions/consumers';

let dev: Template;
let production: Template;
beforeAll(() => {
  const synth = synthCities([demoCity(), productionCity()]);
  dev = synth.template(synth.stacks[0]!);
  production = synth.template(synth.stacks[1]!);
});

const functionsWith = (template: Template, variable: string) =>
  Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) => variable in ((fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>));

describe('the learners’ user pool', () => {
  it('signs in with a one-time code by email, on the Essentials plan, with self sign-up by verified email', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Policies: Match.objectLike({ SignInPolicy: { AllowedFirstAuthFactors: Match.arrayWith(['EMAIL_OTP']) } }),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    });
  });

  it('has managed login on its own domain', () => {
    dev.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'city-demo-learners', ManagedLoginVersion: 2 });
    dev.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });

  it('has one public app client: authorization code only, openid and email, the city’s own URLs, no secret', () => {
    dev.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    production.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: `city-${productionCity().id}-learners`,
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [Match.stringLikeRegexp('^https://.+/sign-in/callback$')],
      LogoutURLs: [Match.stringLikeRegexp('^https://.+/$')],
      PreventUserExistenceErrors: 'ENABLED',
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  it('is retained with the data of a production city', () => {
    production.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }) });
  });

  it('is known to the learners’ function alone', () => {
    const knowing = functionsWith(dev, OIDC_ISSUER_ENV);
    expect(knowing.map((fn) => fn.Properties.Description)).toEqual([routeGroups.learners.description]);
    expect(knowing[0]!.Properties.Environment.Variables).toHaveProperty(OIDC_CLIENT_ID_ENV);
  });

  it('has its users deleted by the two functions that delete accounts only (the learners group, the purge): AdminDeleteUser on this pool, nothing else', () => {
    const deleting = functionsWith(dev, LEARNER_USER_POOL_ID_ENV);
    expect(deleting.map((fn) => fn.Properties.Description).sort()).toEqual([routeGroups.learners.description, LEARNER_PURGE_DESCRIPTION].sort());
    const pool = Object.keys(dev.findResources('AWS::Cognito::UserPool'))[0]!;
    for (const fn of deleting) expect(fn.Properties.Environment.Variables[LEARNER_USER_POOL_ID_ENV]).toEqual({ Ref: pool });
    const statements = Object.values(dev.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]);
    const cognito = statements.filter((s) => JSON.stringify(s.Action).includes('cognito-idp:'));
    expect(cognito).toHaveLength(2);
    for (const statement of cognito) {
      expect(statement.Action).toBe('cognito-idp:AdminDeleteUser');
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [pool, 'Arn'] });
    }
  });
});

describe('the learner purge', () => {
  it('runs every hour on an EventBridge schedule, targeting the purge function only', () => {
    const purge = Object.entries(dev.findResources('AWS::Lambda::Function')).find(([, fn]) => fn.Properties.Description === LEARNER_PURGE_DESCRIPTION);
    expect(purge).toBeDefined();
    const rules = Object.values(dev.findResources('AWS::Events::Rule')).filter((rule) => rule.Properties.ScheduleExpression);
    const targetingPurge = rules.filter((rule) => JSON.stringify(rule.Properties.Targets).includes(`"${purge![0]}"`));
    expect(targetingPurge).toHaveLength(1);
    // CDK writes 60 minutes as `rate(1 hour)`.
    expect(targetingPurge[0]!.Properties).toMatchObject({ ScheduleExpression: Schedule.rate(Duration.minutes(LEARNER_PURGE_EVERY_MINUTES)).expressionString, State: 'ENABLED' });
    expect(targetingPurge[0]!.Properties.Targets).toEqual([expect.objectContaining({ RetryPolicy: { MaximumRetryAttempts: 0 } })]);
    dev.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', FunctionName: { 'Fn::GetAtt': [purge![0], 'Arn'] } });
  });
});

describe('the city’s mail', () => {
  it('goes through one configuration set per city that requires TLS and suppresses bounces and complaints', () => {
    dev.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: mailConfigurationSetName('demo'),
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
    });
  });

  it('is sent from the production city’s own domain, verified with DKIM, and the user pool sends through it', () => {
    const { domainName, route53 } = productionCity().customDomain!;
    production.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: domainName });
    // Easy DKIM: three CNAME records in the city's zone.
    expect(Object.values(production.findResources('AWS::Route53::RecordSet')).filter((r) => r.Properties.Type === 'CNAME' && r.Properties.HostedZoneId === route53!.hostedZoneId)).toHaveLength(3);
    production.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: Match.stringLikeRegexp(`no-reply@${domainName}`),
        SourceArn: Match.stringLikeRegexp(`identity/${domainName}$`),
        ConfigurationSet: Match.anyValue(),
      }),
    });
  });

  it('may be sent by the functions that mail learners only (the learners group, the award emails consumer): ses:SendEmail on the city’s identity and configuration set, from its address', () => {
    const policies = Object.values(production.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown; Condition?: unknown }[]);
    const sending = statements.filter((s) => JSON.stringify(s.Action).includes('ses:'));
    const senders = Object.values(routeGroups).filter((g) => 'sendsMail' in g && g.sendsMail).length + Object.values(streamConsumers).filter((c) => 'sendsMail' in c && c.sendsMail).length;
    expect(sending).toHaveLength(senders);
    for (const statement of sending) {
      expect(statement.Action).toBe('ses:SendEmail');
      expect(JSON.stringify(statement.Resource)).toContain(`identity/${productionCity().customDomain!.domainName}"`);
      expect(JSON.stringify(statement.Resource)).toContain('configuration-set/');
      expect(statement.Condition).toEqual({ StringEquals: { 'ses:FromAddress': `no-reply@${productionCity().customDomain!.domainName}` } });
    }
  });
});
