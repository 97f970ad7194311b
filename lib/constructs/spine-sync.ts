// Writes the city's skills spine from its config file into the table on every deploy that changes it:
// the spine JSON is a property of the custom resource, so CloudFormation sends an Update exactly when
// the spine differs. The city's insights config (its areas and disclosure rule) travels the same way. The handler replies to CloudFormation itself, so no Provider framework is needed.
import { join } from 'node:path';
import { CustomResource, Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { InsightsConfig } from '../../definitions/insights-config';
import type { SkillsSpine } from '../../definitions/skills-spine';
import type { DataRetention } from '../data-retention';
import { repoRoot } from '../repo-root';
import type { CityData } from './city-data';
import { CityFunction } from './city-function';

export interface SpineSyncProps {
  spine: SkillsSpine;
  /** The city's areas and disclosure rule, written beside the spine (functions/data/insights.ts). */
  insights: InsightsConfig;
  environment: Record<string, string>;
  data: CityData;
  dataRetention: DataRetention;
}

export class SpineSync extends Construct {
  constructor(scope: Construct, id: string, props: SpineSyncProps) {
    super(scope, id);
    const handler = new CityFunction(this, 'Handler', {
      entry: join(repoRoot, 'functions/spine/handler.ts'),
      description: "Writes the city's skills spine into the city table on deploy",
      environment: props.environment,
      dataRetention: props.dataRetention,
      // Up to 500 skills in batches of 25, with retries. A timed-out handler cannot reply, and
      // CloudFormation would then wait an hour for it, so allow far more than a sync needs.
      timeout: Duration.minutes(1),
    });
    // It queries the stored spine and batch-writes the new one.
    props.data.bindTable(handler, 'read-write');

    new CustomResource(this, 'Spine', {
      serviceToken: handler.fn.functionArn,
      resourceType: 'Custom::SkillsSpine',
      properties: { SpineJson: JSON.stringify(props.spine), InsightsJson: JSON.stringify(props.insights) },
    });
  }
}
