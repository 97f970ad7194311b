// What the CDK app holds: one CityStack per config, all checked by cdk-nag's AWS Solutions pack. Shared
// by bin/cities.ts and the infra tests so that both synthesise exactly the same thing.
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { CityConfig } from '../definitions/city-config';
import { CityStack } from './city-stack';
import { cityStackId } from './city-stack-id';

/**
 * Adds the cities' stacks and the cdk-nag checks to `app`. A finding that no acknowledgement covers,
 * error or warning, fails the pack's report and so fails synth.
 *
 * Acknowledge with the plain rule id (`AwsSolutions-CFR1`, `AwsSolutions-IAM5[Resource::...]`), which
 * cdk-nag itself honours. Not with the `AwsSolutions::...` form the CLI suggests: CDK applies that
 * one after the pack and then passes the report if only warnings remain.
 */
export function addCities(app: App, configs: readonly CityConfig[]): CityStack[] {
  // Each acknowledgement and its reason also go into the template's Metadata, for reviewers of a diff.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return configs.map(
    (config) =>
      new CityStack(app, cityStackId(config), {
        config,
        ...(config.aws ? { env: { account: config.aws.account, region: config.aws.region } } : {}),
      }),
  );
}
