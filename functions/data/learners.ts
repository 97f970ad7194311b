// Learners' accounts and everything the city holds about each one, all in the learner's own partition
// (LEARNER#<learnerId>), so that export reads it with one Query and deletion finds every item:
//   ACCOUNT            the account (functions/domain/learners.ts)
//   ADDRESS#<key>      a verified address: its recipient key (the passport finds badges by it, gsi3
//                      RECIPIENT#<key>) and the address sealed (to send mail to it), nothing in clear
//   VERIFY#<key>       an address being verified: the code's hash, attempts left, TTL
// Beside them, the lookups that point into it: SUBJECT#<hash> (the sign-in identity) and
// ADDRESS#<key> (which learner holds an address: one learner per address, enforced by a condition).
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { LearnerAccountSchema, type LearnerAccount } from '../domain/learners';
import { db, cityTable } from './client';

export const LearnerAddressSchema = z.object({
  recipientKey: z.string(),
  sealedEmail: z.string(),
  verifiedAt: z.string(),
  /** The address the learner signs in with (the identity provider verified it). */
  signIn: z.optional(z.boolean()),
});
export type LearnerAddress = z.infer<typeof LearnerAddressSchema>;

export const AddressVerificationSchema = z.object({
  recipientKey: z.string(),
  sealedEmail: z.string(),
  codeHash: z.string(),
  attemptsLeft: z.number(),
  expiresAt: z.number(),
});
export type AddressVerification = z.infer<typeof AddressVerificationSchema>;

/** Every key a learner's items are stored under. */
export const learnerKeys = {
  partition: (learnerId: string) => `LEARNER#${learnerId}`,
  account: (learnerId: string) => ({ pk: learnerKeys.partition(learnerId), sk: 'ACCOUNT' }),
  subject: (subjectHash: string) => ({ pk: `SUBJECT#${subjectHash}`, sk: 'SUBJECT' }),
  address: (learnerId: string, recipientKey: string) => ({ pk: learnerKeys.partition(learnerId), sk: `ADDRESS#${recipientKey}` }),
  addressOwner: (recipientKey: string) => ({ pk: `ADDRESS#${recipientKey}`, sk: 'OWNER' }),
  verification: (learnerId: string, recipientKey: string) => ({ pk: learnerKeys.partition(learnerId), sk: `VERIFY#${recipientKey}` }),
};

const isConditionFailure = (error: unknown) =>
  (error as Error).name === 'ConditionalCheckFailedException' || (error as Error).name === 'TransactionCanceledException';

/** Strongly consistent: a deleted account must not come back for a session that outlived it. */
export async function getLearner(learnerId: string): Promise<LearnerAccount | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: learnerKeys.account(learnerId), ConsistentRead: true }));
  return Item ? LearnerAccountSchema.parse(Item) : undefined;
}

export async function learnerIdForSubject(subjectHash: string): Promise<string | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: learnerKeys.subject(subjectHash), ConsistentRead: true }));
  return typeof Item?.learnerId === 'string' ? Item.learnerId : undefined;
}

/** Which learner holds a verified address (by its recipient key), if any. */
export async function addressHolder(recipientKey: string): Promise<string | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: learnerKeys.addressOwner(recipientKey), ConsistentRead: true }));
  return typeof Item?.learnerId === 'string' ? Item.learnerId : undefined;
}

const addressPuts = (learnerId: string, address: LearnerAddress) => [
  { Put: { TableName: cityTable.name, Item: { ...learnerKeys.address(learnerId, address.recipientKey), ...address } } },
  {
    Put: {
      TableName: cityTable.name,
      Item: { ...learnerKeys.addressOwner(address.recipientKey), learnerId },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
];

/**
 * A new account, its sign-in identity and (unless another learner already holds it) its sign-in
 * address, in one transaction. False when the identity already has an account (a sign-in racing another).
 */
export async function createLearner(account: LearnerAccount, signInAddress: LearnerAddress | undefined): Promise<boolean> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: cityTable.name, Item: { ...learnerKeys.account(account.id), ...account }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: cityTable.name, Item: { ...learnerKeys.subject(account.subjects[0]!), learnerId: account.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...(signInAddress ? addressPuts(account.id, signInAddress) : []),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Links another sign-in identity to an existing learner (they signed in with an address they had verified). */
export async function linkSubject(subjectHash: string, learnerId: string): Promise<void> {
  await db
    .send(new PutCommand({ TableName: cityTable.name, Item: { ...learnerKeys.subject(subjectHash), learnerId }, ConditionExpression: 'attribute_not_exists(pk)' }))
    .catch((error: Error) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/** Saves a change to the account, conditional on it being the version that was read (a lost update is refused). */
export async function updateLearner(account: LearnerAccount, readAt: string): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({
        TableName: cityTable.name,
        Item: { ...learnerKeys.account(account.id), ...account },
        ConditionExpression: 'updatedAt = :read',
        ExpressionAttributeValues: { ':read': readAt },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Every item in the learner's partition: the account, addresses and pending verifications (export, deletion). */
export async function learnerItems(learnerId: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: cityTable.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': learnerKeys.partition(learnerId) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The learner's verified addresses (the passport looks their badges up by these recipient keys). */
export async function listAddresses(learnerId: string): Promise<LearnerAddress[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :address)',
      ExpressionAttributeValues: { ':pk': learnerKeys.partition(learnerId), ':address': 'ADDRESS#' },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => LearnerAddressSchema.parse(item));
}

/** Adds a verified address; false when another learner holds it already. Adding one the learner holds is a no-op. */
export async function addAddress(learnerId: string, address: LearnerAddress): Promise<boolean> {
  const holder = await addressHolder(address.recipientKey);
  if (holder === learnerId) return true;
  if (holder) return false;
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...addressPuts(learnerId, address),
          { Delete: { TableName: cityTable.name, Key: learnerKeys.verification(learnerId, address.recipientKey) } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Removes one of the learner's addresses (never the one they sign in with: the caller checks). */
export async function removeAddress(learnerId: string, recipientKey: string): Promise<void> {
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: cityTable.name, Key: learnerKeys.address(learnerId, recipientKey) } },
        {
          Delete: {
            TableName: cityTable.name,
            Key: learnerKeys.addressOwner(recipientKey),
            ConditionExpression: 'learnerId = :me',
            ExpressionAttributeValues: { ':me': learnerId },
          },
        },
      ],
    }),
  );
}

export async function putVerification(learnerId: string, verification: AddressVerification): Promise<void> {
  await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...learnerKeys.verification(learnerId, verification.recipientKey), ...verification } }));
}

export async function getVerification(learnerId: string, recipientKey: string, now: Date): Promise<AddressVerification | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: learnerKeys.verification(learnerId, recipientKey), ConsistentRead: true }));
  const verification = Item ? AddressVerificationSchema.parse(Item) : undefined;
  // TTL deletion lags by hours: an expired item is treated as gone.
  return verification && verification.expiresAt * 1000 > now.getTime() ? verification : undefined;
}

/** Spends one attempt; false when none was left (the code is dead). */
export async function spendVerificationAttempt(learnerId: string, recipientKey: string): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: learnerKeys.verification(learnerId, recipientKey),
        UpdateExpression: 'SET attemptsLeft = attemptsLeft - :one',
        ConditionExpression: 'attemptsLeft > :zero',
        ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Deletes the account and everything in its partition, its sign-in identities and its address claims.
 * Awards are not touched: they are providers' records, under recipient keys nothing links to anyone now.
 * Retried safely: each delete is idempotent.
 */
export async function deleteLearner(learnerId: string): Promise<void> {
  const items = await learnerItems(learnerId);
  const account = items.find((i) => i.sk === 'ACCOUNT');
  const subjects = account ? LearnerAccountSchema.parse(account).subjects : [];
  const keys: { pk: string; sk: string }[] = [
    ...subjects.map((s) => learnerKeys.subject(s)),
    ...items.filter((i) => String(i.sk).startsWith('ADDRESS#')).map((i) => learnerKeys.addressOwner(String(i.recipientKey))),
    // The account last: while it stands, a retry finds the rest again.
    ...items.filter((i) => i.sk !== 'ACCOUNT').map((i) => ({ pk: String(i.pk), sk: String(i.sk) })),
    learnerKeys.account(learnerId),
  ];
  for (const key of keys) await db.send(new DeleteCommand({ TableName: cityTable.name, Key: key }));
}
