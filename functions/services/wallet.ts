// Sending a learner's badge to their wallet (OID4VCI 1.0, Pre-Authorized Code Flow): an offer made for
// one of the signed-in learner's own awards, short-lived and single-use; the token endpoint trades its
// code (and transaction code, when it has one) for an access token good for one credential; the
// credential endpoint checks the key proof and answers the award's OB 3.0 credential bound to the
// holder's DID and signed again by the issuer.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { readCity } from '../../definitions/city-env';
import { cityKey } from '../auth/city-secret';
import { awardRecipientKey, getAward } from '../data/awards';
import { listAddresses } from '../data/learners';
import { countTxCodeFailure, getWalletOffer, putWalletOffer, redeemWalletOffer, restoreAccessToken, spendAccessToken } from '../data/wallet-offers';
import { awardState, type Award } from '../domain/awards';
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { signCredential } from '../domain/credentials/sign';
import { notFound } from '../domain/errors';
import { OAuthError } from '../domain/wallet/errors';
import { boundToHolder } from '../domain/wallet/holder-credential';
import { KeyProofError, verifyKeyProof } from '../domain/wallet/key-proof';
import { isFreshNonce, makeNonce } from '../domain/wallet/nonce';
import {
  ACCESS_TOKEN_SECONDS,
  CREDENTIAL_CONFIGURATION_ID,
  credentialOffer,
  credentialOfferUri,
  MAX_TX_CODE_FAILURES,
  OFFER_SECONDS,
  PRE_AUTHORIZED_GRANT,
  TX_CODE_LENGTH,
} from '../domain/wallet/protocol';
import { citySigner } from '../signing/city-key';

const { baseUrl } = readCity();
const loader = createDocumentLoader();

const secret = () => randomBytes(32).toString('base64url');
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const later = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

/** The keyed hashes of a learner's verified addresses: the awards they hold are the ones made to these. */
export const learnerRecipientKeys = async (learnerId: string) => (await listAddresses(learnerId)).map((address) => address.recipientKey);

/** One of the learner's valid awards; anyone else's, a missing or a revoked one is not found. */
export async function ownAward(awardId: string, learnerId: string, now: Date): Promise<Award> {
  const [award, recipient, holderKeys] = await Promise.all([getAward(awardId), awardRecipientKey(awardId), learnerRecipientKeys(learnerId)]);
  if (!award || !recipient || !holderKeys.includes(recipient) || awardState(award, now) !== 'valid') throw notFound(`Badge ${awardId}`);
  return award;
}

export interface MadeOffer {
  award: Award;
  /** The `openid-credential-offer://` link, which the QR code holds. */
  uri: string;
  validUntil: string;
  /** Shown to the learner apart from the QR code, when the offer has one. */
  txCode?: string;
}

/**
 * An offer for one of the learner's own awards, good once for ten minutes.
 */
export async function makeWalletOffer(awardId: string, learnerId: string, now: Date, options: { txCode: boolean }): Promise<MadeOffer> {
  const award = await ownAward(awardId, learnerId, now);
  const code = secret();
  const txCode = options.txCode ? String(randomInt(10 ** TX_CODE_LENGTH)).padStart(TX_CODE_LENGTH, '0') : undefined;
  const validUntil = later(now, OFFER_SECONDS);
  await putWalletOffer(sha256(code), { awardId, validUntil, ...(txCode ? { txCodeHash: sha256(txCode) } : {}) });
  const offer = credentialOffer(baseUrl, code, txCode ? { description: 'The 6-digit code shown beside the QR code' } : undefined);
  return { award, uri: credentialOfferUri(offer), validUntil, ...(txCode ? { txCode } : {}) };
}

const sameHash = (a: string, b: string) => timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The token request (RFC 6749 4.1.3 with OID4VCI's parameters), form-encoded. */
export async function exchangePreAuthorizedCode(form: URLSearchParams, now: Date) {
  const grant = form.get('grant_type');
  if (!grant) throw new OAuthError('invalid_request', 'grant_type is required');
  if (grant !== PRE_AUTHORIZED_GRANT) throw new OAuthError('unsupported_grant_type', `only ${PRE_AUTHORIZED_GRANT} is supported`);
  const code = form.get('pre-authorized_code');
  if (!code) throw new OAuthError('invalid_request', 'pre-authorized_code is required');
  const hash = sha256(code);
  const offer = await getWalletOffer(hash);
  const expired = 'the pre-authorized code is unknown, used or expired';
  if (!offer || offer.redeemedAt || Date.parse(offer.validUntil) <= now.getTime() || offer.failures >= MAX_TX_CODE_FAILURES) throw new OAuthError('invalid_grant', expired);
  const txCode = form.get('tx_code');
  if (offer.txCodeHash && !txCode) throw new OAuthError('invalid_request', 'this offer needs its tx_code');
  if (!offer.txCodeHash && txCode) throw new OAuthError('invalid_request', 'this offer has no tx_code');
  if (offer.txCodeHash && txCode && !sameHash(sha256(txCode), offer.txCodeHash)) {
    await countTxCodeFailure(hash);
    throw new OAuthError('invalid_grant', 'the tx_code is wrong');
  }
  const token = secret();
  const validUntil = later(now, ACCESS_TOKEN_SECONDS);
  if (!(await redeemWalletOffer(hash, { hash: sha256(token), awardId: offer.awardId, validUntil }, now, MAX_TX_CODE_FAILURES))) throw new OAuthError('invalid_grant', expired);
  return { access_token: token, token_type: 'Bearer' as const, expires_in: ACCESS_TOKEN_SECONDS };
}

export const nonceKey = () => cityKey('wallet-nonces');

export const freshNonce = async (now: Date) => ({ c_nonce: makeNonce(await nonceKey(), now) });

export interface CredentialRequest {
  credential_configuration_id?: string;
  credential_identifier?: string;
  proofs?: { jwt?: string[] } & Record<string, unknown>;
}

/** The bearer token of an Authorization header, or an invalid_token error. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header ?? '');
  if (!match) throw new OAuthError('invalid_token', 'an access token from the token endpoint is required (Authorization: Bearer …)');
  return match[1]!;
}

/** The credential request: one credential, bound to the key the one `jwt` proof proves. */
export async function issueHolderCredential(authorization: string | undefined, request: CredentialRequest, now: Date) {
  if (request.credential_identifier !== undefined) throw new OAuthError('invalid_credential_request', 'credential_identifier is not used here: send credential_configuration_id');
  if (request.credential_configuration_id !== CREDENTIAL_CONFIGURATION_ID) {
    throw new OAuthError(request.credential_configuration_id === undefined ? 'invalid_credential_request' : 'unknown_credential_configuration', `credential_configuration_id must be ${CREDENTIAL_CONFIGURATION_ID}`);
  }
  const proofs = request.proofs?.jwt;
  if (!request.proofs || Object.keys(request.proofs).length !== 1 || !Array.isArray(proofs) || proofs.length !== 1 || typeof proofs[0] !== 'string') {
    throw new OAuthError('invalid_proof', 'proofs must hold exactly one jwt key proof');
  }
  // The request is checked before the token, so that a malformed one says what is wrong with it.
  const accessToken = bearerToken(authorization);
  const key = await nonceKey();
  let holder: string;
  try {
    holder = await verifyKeyProof(proofs[0], { audience: baseUrl, isFreshNonce: (nonce) => isFreshNonce(key, nonce, now), now });
  } catch (error) {
    if (error instanceof KeyProofError) throw new OAuthError(error.code, error.message);
    throw error;
  }
  const tokenHash = sha256(accessToken);
  const awardId = await spendAccessToken(tokenHash, now);
  if (!awardId) throw new OAuthError('invalid_token', 'the access token is unknown, used or expired');
  try {
    const award = await getAward(awardId);
    if (!award || awardState(award, now) !== 'valid') throw new OAuthError('credential_request_denied', 'this badge can no longer be issued');
    const credential = boundToHolder(award.credential, holder);
    const signed = await signCredential(credential, await citySigner(String((credential.issuer as { id: string }).id)), loader);
    return { credentials: [{ credential: signed }] };
  } catch (error) {
    // The wallet may try again with the same token; a denial stands.
    if (!(error instanceof OAuthError)) await restoreAccessToken(tokenHash);
    throw error;
  }
}
