// The city's HTTP API, built from the route table: one Lambda per route group with exactly the data
// access the group declares, one API Gateway route per table entry, and `$default` to the fallback
// group. Nothing here lists a route by hand, so the API cannot drift from the local server.
import { join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CityConfig } from '../../functions/city/config';
import {
  fallbackRoute,
  routeGroups,
  routeKey,
  routes,
  type Access,
  type Route,
  type RouteGroup,
  type RouteGroupName,
} from '../../functions/routes';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import { repoRoot } from '../repo-root';
import type { ApiKeyPepper } from './api-key-pepper';
import type { BadgeImages } from './badge-images';
import type { CityData } from './city-data';
import type { ImportJobs } from './import-jobs';
import type { SigningKey } from './signing-key';
import { CityFunction } from './city-function';

export interface CityApiProps {
  throttle: CityConfig['api'];
  dataRetention: DataRetention;
}

export interface RouteGroupsProps {
  /** Every handler's environment: the city's identity (cityEnvironment) with its public URL. */
  environment: Record<string, string>;
  data: CityData;
  images: BadgeImages;
  pepper: ApiKeyPepper;
  signingKey: SigningKey;
  imports: ImportJobs;
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

/**
 * Why a route is served without an API Gateway authorizer (the cdk-nag APIG4 acknowledgement), read
 * from the route's `access`.
 */
export function noAuthorizerReason(key: string, access: Access, summary: string): string {
  if (access.kind === 'authenticated') {
    return (
      `Authenticated in the function (${key}: ${summary}): its handler is built with authenticatedRoute, which ` +
      `checks the API key, and the role (${access.roles.join(', ')}) and scopes the route table gives it, before ` +
      'anything else runs; the route group refuses at cold start to serve a non-public route with a handler ' +
      'that does not authenticate, so the route cannot go out open.'
    );
  }
  // $default only ever answers 404 or 405.
  const readOnly = /^(GET|HEAD) /.test(key) || key === fallbackRoute.routeKey;
  return (
    `Public by design in the route table (${key}: ${summary}): ` +
    `${readOnly ? 'a read-only URL anyone may call, like a web page' : 'a URL anyone may call'}; API Gateway throttling bounds the load.`
  );
}

export class CityApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  private readonly dataRetention: DataRetention;

  constructor(scope: Construct, id: string, props: CityApiProps) {
    super(scope, id);
    this.dataRetention = props.dataRetention;
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
    const integrations = new Map<RouteGroupName, HttpLambdaIntegration>();
    for (const [name, group] of Object.entries(routeGroups as Record<RouteGroupName, RouteGroup>) as [RouteGroupName, RouteGroup][]) {
      const handler = new CityFunction(this, `${name}Handler`, {
        entry: join(repoRoot, group.entry),
        description: group.description,
        environment: props.environment,
        dataRetention: this.dataRetention,
        ...(group.timeoutSeconds ? { timeout: Duration.seconds(group.timeoutSeconds) } : {}),
      });
      if (group.table) props.data.bindTable(handler, group.table);
      // Groups with authenticated routes look API keys up in the table and hash them with the pepper.
      if (routes.some((route) => route.group === name && route.access.kind === 'authenticated')) {
        if (!group.table) throw new Error(`Route group ${name} has authenticated routes, so it needs table access`);
        props.pepper.bindPepper(handler);
      }
      if (group.bucket) props.images.bindBucket(handler, group.bucket);
      if (group.signs) props.signingKey.bindSigner(handler);
      if (group.submitsImports) props.imports.bindSubmitter(handler);
      integrations.set(name, new HttpLambdaIntegration(`${name}Integration`, handler.fn));
    }
    const integrationOf = (group: RouteGroupName) => integrations.get(group)!;

    for (const route of routes as readonly Route[]) {
      const reason = noAuthorizerReason(routeKey(route), route.access, route.summary);
      for (const created of this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: integrationOf(route.group),
      })) {
        Validations.of(created.node.defaultChild!).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      }
    }

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
}
