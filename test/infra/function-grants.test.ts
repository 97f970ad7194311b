// The stack and the local city give every function the same environment: for each route group, the
// authorizer and the import worker, the variables the synthesised Lambda gets beyond the city's own are
// the ones the local city gives it from the same grants (definitions/function-grants.ts), the secret
// and the signing key by reference in AWS (an ARN, a KMS key) where the local city passes them by value.
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { cityEnvironment } from '../../definitions/city-env';
import { CITY_SECRET_ARN_ENV, CITY_SECRET_ENV } from '../../definitions/city-secret';
import { grantedEnvironment, groupGrants, localResourceEnvironments, otherFunctionGrants, type Grants } from '../../definitions/function-grants';
import { ORIGIN_SECRET_ENV } from '../../definitions/origin';
import { apiKeyAuthorizer, routeGroups, type RouteGroupName } from '../../definitions/routes';
import { SIGNING_KEY_ID_ENV, SIGNING_KEY_PEM_ENV } from '../../definitions/signing';
import { WORKER_DESCRIPTION } from '../../lib/constructs/import-jobs';
import { LEARNER_PURGE_DESCRIPTION } from '../../definitions/learner-purge';
import { demoCity, synthCities } from './synth';

const config = demoCity();
let template: Template;
beforeAll(() => {
  const synth = synthCities([config]);
  template = synth.template(synth.stacks[0]!);
});

// Beyond the city's own settings: the origin secret the API functions check
// CloudFront's header against (AWS only: locally no CloudFront stands in front, so there is no check).
const everyFunction = new Set([...Object.keys(cityEnvironment(config, 'https://x.example')), ORIGIN_SECRET_ENV]);
/** AWS passes these by reference; the local city passes the values. */
const byValue: Record<string, string> = { [CITY_SECRET_ARN_ENV]: CITY_SECRET_ENV, [SIGNING_KEY_ID_ENV]: SIGNING_KEY_PEM_ENV };

function deployedGrantVariables(description: string): string[] {
  const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) => fn.Properties.Description === description);
  expect(functions, description).toHaveLength(1);
  const variables = Object.keys(functions[0]!.Properties.Environment.Variables as Record<string, unknown>);
  return variables.filter((name) => !everyFunction.has(name)).map((name) => byValue[name] ?? name).sort();
}

const local = (grants: Grants) =>
  Object.keys(grantedEnvironment(grants, localResourceEnvironments({ tableName: 't', bucketName: 'b', citySecret: 's', signingKeyPem: 'p', importQueueUrl: 'q', mailFrom: 'm', mailConfigurationSet: 'c', oidcIssuer: 'i', oidcClientId: 'ci', userPoolId: 'u' }))).sort();

const functions: [string, string, Grants][] = [
  ...(Object.keys(routeGroups) as RouteGroupName[]).map((name) => [name, routeGroups[name].description, groupGrants(name)] as [string, string, Grants]),
  ['authorizer', apiKeyAuthorizer.description, otherFunctionGrants.authorizer],
  ['import worker', WORKER_DESCRIPTION, otherFunctionGrants.importWorker],
  ['learner purge', LEARNER_PURGE_DESCRIPTION, otherFunctionGrants.learnerPurge],
];

describe('function environments', () => {
  it.each(functions)('%s gets the same variables from the stack as from the local city', (_name, description, grants) => {
    expect(deployedGrantVariables(description)).toEqual(local(grants));
  });
});
