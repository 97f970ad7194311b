// The secret header CloudFront adds to every request it sends to the API, and that the API functions
// require (functions/http/origin-guard.ts): a request straight to the execute-api endpoint, which
// would skip the WAF, is refused. API Gateway's own endpoint cannot simply be disabled: CloudFront
// reaches the API through it (an API Gateway custom domain would need a second certificate in the
// city's region and a DNS name of its own).
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_SECRET_ENV, ORIGIN_SECRET_HEADER } from '../../definitions/origin';

export class OriginSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Header value that proves a request to the city API came through CloudFront',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      // Not data: a new stack makes a new one.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFormation resolves this value into the CloudFront origin header and the API functions at deploy time, so a ' +
        'scheduled rotation would change it in neither and lock CloudFront out. It protects no data: it only keeps the ' +
        'execute-api endpoint from being a second door around the WAF. docs/operations.md says how to change it with a deploy.',
    });
  }

  /** The value, resolved by CloudFormation at deploy time: never in the template itself. */
  private get value(): string {
    return this.secret.secretValue.unsafeUnwrap();
  }

  /** For the CloudFront origin of the API. */
  get originHeaders(): Record<string, string> {
    return { [ORIGIN_SECRET_HEADER]: this.value };
  }

  /** For the API functions' environment. */
  get environment(): Record<string, string> {
    return { [ORIGIN_SECRET_ENV]: this.value };
  }
}
