// Wallet offers and their access tokens (OID4VCI's Pre-Authorized Code Flow). An offer: pk
// WALLETOFFER#<SHA-256 of the pre-authorized code>, sk OFFER, bound to one award, with the hash of its
// transaction code if it has one; redeemed once, in one transaction with the access token it gives:
// pk WALLETTOKEN#<SHA-256 of the token>, sk TOKEN, good for one credential. Both expire (TTL) a day
// after they stop being usable. Neither holds anything a stolen table row could use: only hashes.
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cityTable, db } from './client';

export const walletKeys = {
  offer: (hash: string) => ({ pk: `WALLETOFFER#${hash}`, sk: 'OFFER' }),
  token: (hash: string) => ({ pk: `WALLETTOKEN#${hash}`, sk: 'TOKEN' }),
};

const named = (error: unknown, name: string) => (error as Error | undefined)?.name === name;
const ttl = (validUntil: string) => Math.floor(Date.parse(validUntil) / 1000) + 86_400;

export interface WalletOffer {
  awardId: string;
  validUntil: string;
  txCodeHash?: string;
  failures: number;
  redeemedAt?: string;
}

export async function putWalletOffer(hash: string, offer: Pick<WalletOffer, 'awardId' | 'validUntil' | 'txCodeHash'>): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: cityTable.name,
      Item: { ...walletKeys.offer(hash), ...offer, failures: 0, expiresAt: ttl(offer.validUntil) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getWalletOffer(hash: string): Promise<WalletOffer | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: walletKeys.offer(hash), ConsistentRead: true }));
  if (!Item) return undefined;
  return {
    awardId: String(Item.awardId),
    validUntil: String(Item.validUntil),
    failures: Number(Item.failures ?? 0),
    ...(Item.txCodeHash ? { txCodeHash: String(Item.txCodeHash) } : {}),
    ...(Item.redeemedAt ? { redeemedAt: String(Item.redeemedAt) } : {}),
  };
}

/** Counts a wrong transaction code against the offer. */
export async function countTxCodeFailure(hash: string): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: cityTable.name,
      Key: walletKeys.offer(hash),
      UpdateExpression: 'ADD failures :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
}

/**
 * Redeems the offer for an access token, once: the offer is marked conditional on being unredeemed,
 * unexpired and not locked by wrong codes, in one transaction with the token. False when it was not.
 */
export async function redeemWalletOffer(hash: string, token: { hash: string; awardId: string; validUntil: string }, now: Date, maxFailures: number): Promise<boolean> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: cityTable.name,
              Key: walletKeys.offer(hash),
              UpdateExpression: 'SET redeemedAt = :now',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(redeemedAt) AND validUntil > :now AND failures < :max',
              ExpressionAttributeValues: { ':now': now.toISOString(), ':max': maxFailures },
            },
          },
          {
            Put: {
              TableName: cityTable.name,
              Item: { ...walletKeys.token(token.hash), awardId: token.awardId, validUntil: token.validUntil, expiresAt: ttl(token.validUntil) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (named(error, 'TransactionCanceledException')) {
      const codes = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
      if (codes.includes('ConditionalCheckFailed')) return false;
    }
    throw error;
  }
}

/**
 * Takes the access token for its one credential: the award it is for, or undefined when the token is
 * unknown, spent or expired.
 */
export async function spendAccessToken(hash: string, now: Date): Promise<string | undefined> {
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: walletKeys.token(hash),
        UpdateExpression: 'SET spentAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(spentAt) AND validUntil > :now',
        ExpressionAttributeValues: { ':now': now.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return String(Attributes!.awardId);
  } catch (error) {
    if (named(error, 'ConditionalCheckFailedException')) return undefined;
    throw error;
  }
}

/** Gives a token back when the credential could not be made after all (so the wallet may retry). */
export async function restoreAccessToken(hash: string): Promise<void> {
  await db.send(new UpdateCommand({ TableName: cityTable.name, Key: walletKeys.token(hash), UpdateExpression: 'REMOVE spentAt' }));
}
