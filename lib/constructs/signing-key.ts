// The city's Ed25519 signing key, in KMS: badges are signed by a KMS call and the private key never
// leaves KMS. Functions get at it only through bindSigner.
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SIGNING_KEY_ID_ENV } from '../../definitions/signing';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import type { CityFunction } from './city-function';

export class SigningKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: { dataRetention: DataRetention }) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: "Signs the city's Open Badges 3.0 credentials (Ed25519)",
      keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Every badge ever issued is verified against this key: losing it would break them all.
      removalPolicy: removalPolicyFor(props.dataRetention),
    });
    // No rotation (cdk-nag's KMS5 exempts asymmetric keys, which KMS cannot rotate): a new key would be
    // published beside this one in the issuer profiles, since issued credentials name it in their proof.
  }

  bindSigner(target: CityFunction): void {
    target.fn.addEnvironment(SIGNING_KEY_ID_ENV, this.key.keyArn);
    target.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Sign', 'kms:GetPublicKey'], resources: [this.key.keyArn] }));
  }
}
