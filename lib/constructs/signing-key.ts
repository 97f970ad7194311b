// The city's Ed25519 signing keys, in KMS, one per entry of the config's `signing.keys`: badges are
// signed by a KMS call and the private keys never leave KMS. Functions get at them only through
// bindSigner: Sign on the active key, GetPublicKey on it and on the kept ones (which the issuer
// profiles publish), nothing at all on a compromised one, which is also disabled.
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { KEPT_SIGNING_KEY_IDS_ENV, SIGNING_KEY_ID_ENV, signingKeyRoles, type SigningKeyEntry, type SigningKeyRoles } from '../../definitions/signing';
import { removalPolicyFor, type DataRetention } from '../data-retention';
import type { CityFunction } from './city-function';

/** k1 keeps the construct id the one key had before the config listed keys, so a deployed city's key is not replaced. */
const constructId = (keyId: string) => (keyId === 'k1' ? 'Key' : `Key-${keyId}`);

export class SigningKey extends Construct {
  /** Every listed key, by its id in the config. */
  readonly keys: ReadonlyMap<string, kms.Key>;
  readonly roles: SigningKeyRoles;

  constructor(scope: Construct, id: string, props: { dataRetention: DataRetention; keys: readonly SigningKeyEntry[] }) {
    super(scope, id);
    this.roles = signingKeyRoles(props.keys);
    this.keys = new Map(
      props.keys.map(({ id: keyId, status }) => [
        keyId,
        new kms.Key(this, constructId(keyId), {
          description: `Signs the city's Open Badges 3.0 credentials (Ed25519), key ${keyId}: ${status}`,
          keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
          keyUsage: kms.KeyUsage.SIGN_VERIFY,
          // A compromised key signs nothing more, whoever holds a grant on it. (Left out otherwise: a
          // deployed city's template stays as it was.)
          ...(status === 'compromised' ? { enabled: false } : {}),
          // Every badge a key signed is verified against it: losing it would break them all. A
          // compromised key is kept too: it is the record of what was signed, and may be needed to investigate.
          removalPolicy: removalPolicyFor(props.dataRetention),
        }),
      ]),
    );
    // No rotation (cdk-nag's KMS5 exempts asymmetric keys, which KMS cannot rotate): a new key is a new
    // entry in signing.keys, published beside the old ones, since issued credentials name theirs in their proof.
  }

  /** The active key, which signs. */
  get active(): kms.Key {
    return this.keys.get(this.roles.active)!;
  }

  bindSigner(target: CityFunction): void {
    const kept = this.roles.kept.map((keyId) => this.keys.get(keyId)!.keyArn);
    target.fn.addEnvironment(SIGNING_KEY_ID_ENV, this.active.keyArn);
    if (kept.length > 0) target.fn.addEnvironment(KEPT_SIGNING_KEY_IDS_ENV, Fn.join(',', kept));
    target.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Sign', 'kms:GetPublicKey'], resources: [this.active.keyArn] }));
    if (kept.length > 0) target.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: kept }));
  }
}
