// What the CDK app holds: one CityStack per config, all checked by cdk-nag's AWS Solutions pack. Shared
// by bin/cities.ts and the infra tests so that both synthesise exactly the same thing.
import { Validations, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { CityConfig } from '../definitions/city-config';
import { CityStack } from './city-stack';
import { cityStackId, edgeAlarmsStackId, firewallStackId } from './city-stack-id';
import { EDGE_REGION, EdgeAlarmsStack, FirewallStack } from './edge-stacks';

/**
 * Adds the cities' stacks and the cdk-nag checks to `app`. A finding that no acknowledgement covers,
 * error or warning, fails the pack's report and so fails synth.
 *
 * Each city is up to three stacks: its firewall in us-east-1, the city itself, and the alarm on its
 * CloudFront distribution in us-east-1. The two edge stacks need the city's region at synth (from
 * the config, or the CDK CLI's default region); a dev city synthesised without one gets neither.
 *
 * Acknowledge with the plain rule id (`AwsSolutions-CFR1`, `AwsSolutions-IAM5[Resource::...]`), which
 * cdk-nag itself honours. Not with the `AwsSolutions::...` form the CLI suggests: CDK applies that
 * one after the pack and then passes the report if only warnings remain.
 */
export function addCities(app: App, configs: readonly CityConfig[], defaults: Partial<Environment> = cliDefaults()): CityStack[] {
  // Each acknowledgement and its reason also go into the template's Metadata, for reviewers of a diff.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return configs.map((config) => {
    const env = { account: config.aws?.account ?? defaults.account, region: config.aws?.region ?? defaults.region };
    if (!env.region) return new CityStack(app, cityStackId(config), { config, ...(env.account ? { env } : {}) });
    const edgeEnv = { account: env.account, region: EDGE_REGION };
    const firewall = new FirewallStack(app, firewallStackId(config), { config, env: edgeEnv });
    const city = new CityStack(app, cityStackId(config), { config, env, crossRegionReferences: true, webAclArn: firewall.webAclArn });
    new EdgeAlarmsStack(app, edgeAlarmsStackId(config), { config, env: edgeEnv, distributionId: city.site.distribution.distributionId });
    return city;
  });
}

/** The account and region the CDK CLI resolved from the caller's credentials, if any. */
const cliDefaults = (): Partial<Environment> => ({ account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION });
