// Learners sign in with the city's Amazon Cognito user pool: passwordless (a one-time code by email as
// the first factor; Cognito requires the password factor to stay allowed, and the city's app never
// asks for one), the Essentials plan, managed login on the pool's own domain, and one app client for
// the city: authorization code + PKCE, no client secret, callback and sign-out URLs on the city's
// public base URL, openid + email only, user-existence errors hidden. Mail goes through the city's SES
// identity and configuration set where it has one. The only way a function uses it: bindSignIn.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { CityConfig } from '../../definitions/city-config';
import { LEARNER_USER_POOL_ID_ENV, learnerClientName, OIDC_CLIENT_ID_ENV, OIDC_ISSUER_ENV, signedOutPath, signInCallbackPath } from '../../definitions/learner-sign-in';
import type { DataRetention } from '../data-retention';
import type { CityFunction } from './city-function';
import type { CityMail } from './city-mail';

export interface LearnerSignInProps {
  config: CityConfig;
  /** The city's public base URL (its domain, or the distribution's). */
  publicBaseUrl: string;
  mail: CityMail;
  dataRetention: DataRetention;
}

export class LearnerSignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: LearnerSignInProps) {
    super(scope, id);
    const { config, mail } = props;
    const retain = props.dataRetention === 'retain';
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `city-${config.id}-learners`,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      signInPolicy: { allowedFirstAuthFactors: { password: true, emailOtp: true } },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      mfa: cognito.Mfa.OFF,
      email: mail.identity
        ? cognito.UserPoolEmail.withSES({
            fromEmail: mail.fromAddress,
            fromName: config.branding.displayName,
            configurationSetName: mail.configurationSet.configurationSetName,
            sesRegion: Stack.of(this).region,
            ...(mail.verifiedDomain ? { sesVerifiedDomain: mail.verifiedDomain } : {}),
          })
        : cognito.UserPoolEmail.withCognito(),
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    if (mail.identity) this.userPool.node.addDependency(mail.identity);
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: `city-${config.id}-learners` },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.client = this.userPool.addClient('Learners', {
      userPoolClientName: learnerClientName(config.id),
      generateSecret: false,
      authFlows: { user: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${props.publicBaseUrl}${signInCallbackPath}`],
        logoutUrls: [`${props.publicBaseUrl}${signedOutPath}`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // The city keeps its own session; tokens are read once, at the callback.
      idTokenValidity: Duration.minutes(10),
      accessTokenValidity: Duration.minutes(10),
      refreshTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
    });
    // Managed login's pages, in Cognito's own style (the city's colours can be set in the console or by
    // a branding style later).
    new cognito.CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    Validations.of(this.userPool.node.defaultChild!).acknowledge(
      {
        id: 'AwsSolutions-COG1',
        reason: 'Learners never set a password: the first factor is a one-time code by email (Cognito requires the password factor to stay allowed; the city never offers it).',
      },
      {
        id: 'AwsSolutions-COG2',
        reason: 'Sign-in is a one-time code sent to the learner’s verified address on every sign-in (prompt=login); a second factor would shut out the young learners the city is for.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Plus plan; the Essentials plan is what the city pays for. Codes are rate-limited by Cognito, the city keeps no tokens, and CloudFront’s WAF rate-limits the city’s routes.',
      },
    );
  }

  bindSignIn(target: CityFunction): void {
    target.fn.addEnvironment(OIDC_ISSUER_ENV, this.userPool.userPoolProviderUrl);
    target.fn.addEnvironment(OIDC_CLIENT_ID_ENV, this.client.userPoolClientId);
  }

  /** The pool's id and AdminDeleteUser on this pool, nothing else: an account's deletion removes its users. */
  bindUserDeletion(target: CityFunction): void {
    target.fn.addEnvironment(LEARNER_USER_POOL_ID_ENV, this.userPool.userPoolId);
    this.userPool.grant(target.fn, 'cognito-idp:AdminDeleteUser');
  }
}
