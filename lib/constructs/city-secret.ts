// The city's secret, in Secrets Manager: every keyed hash, cursor signature and seal of the city takes
// its own key from it (HKDF, one per purpose). Its value is a keyring of versions
// (functions/domain/city-keys.ts) that its own rotation function extends on a schedule, so rotating
// loses nothing. The only way a function gets at it: bindCitySecret.
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CITY_SECRET_ARN_ENV, CITY_SECRET_ROTATION_DAYS, CITY_SECRET_ROTATION_ENTRY } from '../../definitions/city-secret';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import { repoRoot } from '../repo-root';
import { CityFunction } from './city-function';

export interface CitySecretProps {
  dataRetention: DataRetention;
  /** The rotation function's environment (the city's identity, for its logs). */
  environment: Record<string, string>;
}

export class CitySecret extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly rotation: CityFunction;

  constructor(scope: Construct, id: string, props: CitySecretProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description:
        "The city's secret, a keyring of versions: API key hashes, cursors, learners' recipient keys and sealed names are keyed from it; " +
        'losing a version invalidates what it keyed. Rotate only with its rotation function, which keeps every version.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: removalPolicyFor(props.dataRetention),
    });

    this.rotation = new CityFunction(this, 'Rotation', {
      entry: join(repoRoot, CITY_SECRET_ROTATION_ENTRY),
      description: "Rotates the city's secret: adds a version to its keyring",
      environment: props.environment,
      dataRetention: props.dataRetention,
      timeout: Duration.seconds(30),
      memorySize: 256,
    });
    // What the four steps call, on this secret only. Not RotationSchedule's `rotationLambda`, which also
    // grants secretsmanager:GetRandomPassword on every resource and lets any secret of any account
    // invoke the function: the new version's randomness comes from the function itself.
    this.rotation.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        resources: [this.secret.secretArn],
      }),
    );
    const invoke = new iam.ServicePrincipal('secretsmanager.amazonaws.com');
    this.rotation.fn.addPermission('InvokedBySecretsManager', { principal: invoke, sourceArn: this.secret.secretArn, sourceAccount: Stack.of(this).account });
    const schedule = new secretsmanager.CfnRotationSchedule(this, 'RotationSchedule', {
      secretId: this.secret.secretArn,
      rotationLambdaArn: this.rotation.fn.functionArn,
      rotationRules: { scheduleExpression: `rate(${CITY_SECRET_ROTATION_DAYS} days)` },
      // Not while this deploy is still replacing functions that read the secret as one plain value.
      rotateImmediatelyOnUpdate: false,
    });
    schedule.node.addDependency(this.rotation.fn.permissionsNode.findChild('InvokedBySecretsManager'));
    schedule.node.addDependency(this.rotation.role);
  }

  bindCitySecret(target: CityFunction): void {
    target.fn.addEnvironment(CITY_SECRET_ARN_ENV, this.secret.secretArn);
    this.secret.grantRead(target.fn);
  }
}
