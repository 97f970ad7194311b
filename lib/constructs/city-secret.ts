// The city's secret, in Secrets Manager: every keyed hash, cursor signature and seal of the city takes
// its own key from it (HKDF, one per purpose). The only way a function gets at it: bindCitySecret.
import { Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CITY_SECRET_ARN_ENV } from '../../definitions/city-secret';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import type { CityFunction } from './city-function';

export class CitySecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: { dataRetention: DataRetention }) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: "The city's secret: API key hashes, learners' recipient keys and sealed names are keyed from it; losing it invalidates them all",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: removalPolicyFor(props.dataRetention),
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Rotating the city's secret would invalidate every API key and every learner's recipient key at once. Keys are " +
        'rotated instead: admins issue new keys and revoke old ones (revocation takes effect on the next request).',
    });
  }

  bindCitySecret(target: CityFunction): void {
    target.fn.addEnvironment(CITY_SECRET_ARN_ENV, this.secret.secretArn);
    this.secret.grantRead(target.fn);
  }
}
