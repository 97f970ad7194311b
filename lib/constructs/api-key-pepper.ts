// The per-city secret that API key hashes are keyed with (HMAC), in Secrets Manager, and the only way a
// function gets at it: bindPepper.
import { Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { API_KEY_PEPPER_SECRET_ARN_ENV } from '../../definitions/pepper';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import type { CityFunction } from './city-function';

export class ApiKeyPepper extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: { dataRetention: DataRetention }) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Keys the HMAC of every API key of this city; losing it invalidates every key',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: removalPolicyFor(props.dataRetention),
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the pepper would invalidate every API key at once. Keys are rotated instead: admins issue ' +
        'new keys and revoke old ones (revocation takes effect on the next request).',
    });
  }

  bindPepper(target: CityFunction): void {
    target.fn.addEnvironment(API_KEY_PEPPER_SECRET_ARN_ENV, this.secret.secretArn);
    this.secret.grantRead(target.fn);
  }
}
