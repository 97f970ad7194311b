// The scheduled purge of learners' accounts due for deletion (definitions/learner-purge.ts): an
// EventBridge rule runs its function every hour. The function may read and write the table and delete
// users of the city's user pool (otherFunctionGrants.learnerPurge, which the local city and unit tests
// follow), nothing else. A failed run is retried by the next one: every account it missed stays listed.
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { otherFunctionGrants } from '../../definitions/function-grants';
import { LEARNER_PURGE_DESCRIPTION, LEARNER_PURGE_ENTRY, LEARNER_PURGE_EVERY_MINUTES, LEARNER_PURGE_TIMEOUT_SECONDS } from '../../definitions/learner-purge';
import type { DataRetention } from '../data-retention';
import { repoRoot } from '../repo-root';
import type { CityData } from './city-data';
import { CityFunction } from './city-function';
import type { LearnerSignIn } from './learner-sign-in';

export interface LearnerPurgeProps {
  environment: Record<string, string>;
  data: CityData;
  signIn: LearnerSignIn;
  dataRetention: DataRetention;
}

export class LearnerPurge extends Construct {
  readonly handler: CityFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: LearnerPurgeProps) {
    super(scope, id);
    this.handler = new CityFunction(this, 'Handler', {
      entry: join(repoRoot, LEARNER_PURGE_ENTRY),
      description: LEARNER_PURGE_DESCRIPTION,
      environment: props.environment,
      dataRetention: props.dataRetention,
      timeout: Duration.seconds(LEARNER_PURGE_TIMEOUT_SECONDS),
    });
    const grants = otherFunctionGrants.learnerPurge;
    props.data.bindTable(this.handler, grants.table);
    if (grants.deletesSignInUsers) props.signIn.bindUserDeletion(this.handler);
    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Runs the learner purge: accounts due for deletion',
      schedule: events.Schedule.rate(Duration.minutes(LEARNER_PURGE_EVERY_MINUTES)),
      // A missed run is made good by the next one, which finds every account still due.
      targets: [new targets.LambdaFunction(this.handler.fn, { retryAttempts: 0 })],
    });
  }
}
