// The city's HTTP API, built from the route table: one Lambda per route group with exactly the data
// access the group declares, one API Gateway route per table entry, and `$default` to the fallback
// group. Nothing here lists a route by hand, so the API cannot drift from the local server.
import { join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CityConfig } from '../../definitions/city-config';
import { groupGrants, otherFunctionGrants, type Grants } from '../../definitions/function-grants';
import {
  apiKeyAuthorizer,
  fallbackRoute,
  routeGroups,
  routeKey,
  routes,
  type Access,
  type Route,
  type RouteGroup,
  type RouteGroupName,
} from '../../definitions/routes';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import { repoRoot } from '../repo-root';
import type { BadgeImages } from './badge-images';
import type { CityData } from './city-data';
import type { CitySecret } from './city-secret';
import type { CityMail } from './city-mail';
import type { ImportJobs } from './import-jobs';
import type { LearnerSignIn } from './learner-sign-in';
import type { SigningKey } from './signing-key';
import { CityFunction } from './city-function';
import { GradualDeployment, gradualDeployments } from './gradual-deployment';

export interface CityApiProps {
  throttle: CityConfig['api'];
  dataRetention: DataRetention;
}

export interface RouteGroupsProps {
  /** Every handler's environment: the city's identity (cityEnvironment) with its public URL. */
  environment: Record<string, string>;
  data: CityData;
  images: BadgeImages;
  citySecret: CitySecret;
  signingKey: SigningKey;
  imports: ImportJobs;
  mail: CityMail;
  signIn: LearnerSignIn;
}

// One JSON object per request; the field names are what operators query in Logs Insights.
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    httpMethod: '$context.httpMethod',
    path: '$context.path',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    latency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationErrorMessage: '$context.integrationErrorMessage',
    userAgent: '$context.identity.userAgent',
  }),
);

/** Why a public route is served without an API Gateway authorizer (the cdk-nag APIG4 acknowledgement). */
export function noAuthorizerReason(key: string, access: Access, summary: string): string {
  if (access.kind === 'authenticated') throw new Error(`${key} is authenticated: it is served behind the API key authorizer`);
  if (access.kind === 'learner') {
    return `A learner's route (${key}: ${summary}): it authenticates the learner's session cookie in the function itself (functions/http/learner-route.ts), which an API Gateway authorizer cannot cache per learner; API Gateway throttling bounds the load.`;
  }
  // $default only ever answers 404 or 405.
  const readOnly = /^(GET|HEAD) /.test(key) || key === fallbackRoute.routeKey;
  return (
    `Public by design in the route table (${key}: ${summary}): ` +
    `${readOnly ? 'a read-only URL anyone may call, like a web page' : 'a URL anyone may call'}; API Gateway throttling bounds the load.`
  );
}

/** Grants `target` exactly `grants` (definitions/function-grants.ts, which the local city follows too). */
export function bindGrants(target: CityFunction, grants: Grants, props: RouteGroupsProps): void {
  if (grants.table) props.data.bindTable(target, grants.table);
  if (grants.citySecret) props.citySecret.bindCitySecret(target);
  if (grants.bucket) props.images.bindBucket(target, grants.bucket, grants.bucketWritePrefixes);
  if (grants.signs) props.signingKey.bindSigner(target);
  if (grants.submitsImports) props.imports.bindSubmitter(target);
  if (grants.sendsMail) props.mail.bindSender(target);
  if (grants.signsInLearners) props.signIn.bindSignIn(target);
  if (grants.deletesSignInUsers) props.signIn.bindUserDeletion(target);
  if (grants.readiness) {
    props.data.bindReadinessProbe(target);
    props.images.bindReadinessProbe(target);
  }
}

export class CityApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  private readonly dataRetention: DataRetention;
  private readonly throttle: CityConfig['api'];

  constructor(scope: Construct, id: string, props: CityApiProps) {
    super(scope, id);
    this.dataRetention = props.dataRetention;
    this.throttle = props.throttle;
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Cities of Learning city API (served through CloudFront)',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: removalPolicyFor(props.dataRetention),
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });
  }

  /**
   * Creates the route groups' functions and every route. Separate from the constructor because the
   * functions need the public URL, which exists only once the distribution in front of this API does.
   */
  addRouteGroups(props: RouteGroupsProps): void {
    const authorizer = this.addApiKeyAuthorizer(props);
    const integrations = new Map<RouteGroupName, HttpLambdaIntegration>();
    for (const [name, group] of Object.entries(routeGroups as Record<RouteGroupName, RouteGroup>) as [RouteGroupName, RouteGroup][]) {
      const handler = new CityFunction(this, `${name}Handler`, {
        entry: join(repoRoot, group.entry),
        description: group.description,
        environment: props.environment,
        dataRetention: this.dataRetention,
        ...(group.timeoutSeconds ? { timeout: Duration.seconds(group.timeoutSeconds) } : {}),
        ...(group.assets ? { assets: group.assets } : {}),
      });
      bindGrants(handler, groupGrants(name, group), props);
      // A gradually deployed group is called through its alias, which CodeDeploy moves.
      const gradual = gradualDeployments[name];
      const target = gradual ? new GradualDeployment(this, `${name}GradualDeployment`, handler, gradual).alias : handler.fn;
      // One invoke permission per function for this API, not one per route: a stack holds at most 500
      // resources, and a permission per route (over 100 routes) alone took a fifth of them.
      integrations.set(name, new HttpLambdaIntegration(`${name}Integration`, target, { scopePermissionToRoute: false }));
    }
    const integrationOf = (group: RouteGroupName) => integrations.get(group)!;

    // Writes (signing, storing images, hashing) cost more than reads: each write route gets its own,
    // stricter limit, on top of the stage's.
    const stage = this.stage.node.defaultChild as apigw.CfnStage;
    const writeRouteSettings: Record<string, unknown> = {};
    for (const route of routes as readonly Route[]) {
      const authenticated = route.access.kind === 'authenticated';
      const created = this.httpApi.addRoutes({
        path: route.path,
        methods: route.head ? [apigw.HttpMethod[route.method], apigw.HttpMethod.HEAD] : [apigw.HttpMethod[route.method]],
        integration: integrationOf(route.group),
        ...(authenticated ? { authorizer } : {}),
      });
      if (route.method !== 'GET') {
        writeRouteSettings[routeKey(route)] = { ThrottlingRateLimit: this.throttle.writeRateLimit, ThrottlingBurstLimit: this.throttle.writeBurstLimit };
        // A stage's route settings may name only routes that already exist.
        for (const r of created) stage.node.addDependency(r);
      }
      if (authenticated) continue;
      const reason = noAuthorizerReason(routeKey(route), route.access, route.summary);
      for (const publicRoute of created) Validations.of(publicRoute.node.defaultChild!).acknowledge({ id: 'AwsSolutions-APIG4', reason });
    }

    stage.routeSettings = writeRouteSettings;

    const fallback = new apigw.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: integrationOf(fallbackRoute.group),
    });
    Validations.of(fallback.node.defaultChild!).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: noAuthorizerReason(fallbackRoute.routeKey, fallbackRoute.access, 'requests that match no route get a 404 or 405 problem+json'),
    });
  }

  /**
   * The API key authorizer: the only function that reads API key hashes. It reads the
   * key's record and records when it was last used (UpdateItem), nothing more.
   */
  private addApiKeyAuthorizer(props: RouteGroupsProps): HttpLambdaAuthorizer {
    const fn = new CityFunction(this, 'ApiKeyAuthorizerHandler', {
      entry: join(repoRoot, apiKeyAuthorizer.entry),
      description: apiKeyAuthorizer.description,
      environment: props.environment,
      dataRetention: this.dataRetention,
    });
    bindGrants(fn, otherFunctionGrants.authorizer, props);
    props.data.table.grant(fn.fn, 'dynamodb:UpdateItem');
    return new HttpLambdaAuthorizer('ApiKeyAuthorizer', fn.fn, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: [`$request.header.${apiKeyAuthorizer.identityHeader}`],
      resultsCacheTtl: Duration.seconds(apiKeyAuthorizer.cacheSeconds),
    });
  }
}
