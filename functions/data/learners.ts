// Learners' accounts and everything the city holds about each one, all in the learner's own partition
// (LEARNER#<learnerId>), so that export reads it with one Query and deletion finds every item:
//   ACCOUNT            the account (functions/domain/learners.ts)
//   ADDRESS#<key>      a verified address: its recipient key (the passport finds badges by it, gsi3
//                      RECIPIENT#<key>) and the address sealed (to send mail to it), nothing in clear
//   VERIFY#<key>       an address being verified: the code's hash, attempts left, TTL
//   CLAIM#<code hash>  a claim code's use held for an under-13 until their guardian agrees
// Accounts due for deletion (an under-13's the guardian never agreed to, or one whose deletion was cut
// short) are listed on gsi2 by when they are due (functions/learners/purge.ts reads it).
// Beside them, the lookups that point into it: SUBJECT#<hash> (the sign-in identity) and
// ADDRESS#<key> (which learner holds an address: one learner per address, enforced by a condition).
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { deletionDue, LearnerAccountSchema, type LearnerAccount } from '../domain/learners';
import { db, cityTable, indexKey } from './client';
import { queryAll } from './pages';

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

/** A claim code's use held for a learner who cannot hold badges yet: claimed when their guardian agrees, given back if they never do. */
export const PendingClaimSchema = z.object({
  codeHash: z.string(),
  /** The recipient key the use was reserved under (the learner's claim address). */
  recipientKey: z.string(),
  /** Claimed by the guardian for the child (a `forGuardians` code), or by the child themself. */
  byGuardian: z.boolean(),
  reservedAt: z.string(),
});
export type PendingClaim = z.infer<typeof PendingClaimSchema>;

/** Every key a learner's items are stored under. */
export const learnerKeys = {
  partition: (learnerId: string) => `LEARNER#${learnerId}`,
  account: (learnerId: string) => ({ pk: learnerKeys.partition(learnerId), sk: 'ACCOUNT' }),
  subject: (subjectHash: string) => ({ pk: `SUBJECT#${subjectHash}`, sk: 'SUBJECT' }),
  address: (learnerId: string, recipientKey: string) => ({ pk: learnerKeys.partition(learnerId), sk: `ADDRESS#${recipientKey}` }),
  addressOwner: (recipientKey: string) => ({ pk: `ADDRESS#${recipientKey}`, sk: 'OWNER' }),
  verification: (learnerId: string, recipientKey: string) => ({ pk: learnerKeys.partition(learnerId), sk: `VERIFY#${recipientKey}` }),
  pendingClaim: (learnerId: string, codeHash: string) => ({ pk: learnerKeys.partition(learnerId), sk: `CLAIM#${codeHash}` }),
  /** The children's accounts that name a guardian's address (its recipient key), so the guardian can claim codes for them. */
  byGuardian: indexKey('gsi1', (guardianKey: string) => `GUARDIAN#${guardianKey}#CHILDREN`, (account: { id: string }) => account.id),
  /** Accounts due for deletion, soonest due first (sparse: only accounts with a due time are listed). */
  deletionDue: indexKey('gsi2', () => 'LEARNERS#DELETION-DUE', (due: { at: string; id: string }) => `${due.at}#${due.id}`),
};

/** The account as stored: with its place in the deletion index while it has a due time. */
function accountItem(account: LearnerAccount): Record<string, unknown> {
  const due = deletionDue(account);
  return {
    ...learnerKeys.account(account.id),
    ...account,
    ...(due ? learnerKeys.deletionDue.attributes({ at: due, id: account.id }) : {}),
    ...(account.guardian ? learnerKeys.byGuardian.attributes(account, account.guardian.recipientKey) : {}),
  };
}

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
          { Put: { TableName: cityTable.name, Item: accountItem(account), ConditionExpression: 'attribute_not_exists(pk)' } },
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
        Item: accountItem(account),
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
  return queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': learnerKeys.partition(learnerId) }, ConsistentRead: true });
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

/** One of the learner's verified addresses, by its recipient key (strongly consistent: a removed address is not used). */
export async function getAddress(learnerId: string, recipientKey: string): Promise<LearnerAddress | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: learnerKeys.address(learnerId, recipientKey), ConsistentRead: true }));
  return Item ? LearnerAddressSchema.parse(Item) : undefined;
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
 * Deletes everything of the account but the account itself: its sign-in identities, its address
 * claims, every other item of its partition. Awards are not touched: they are providers' records,
 * under recipient keys nothing links to anyone now. Idempotent, and the account (deleted last, by
 * `deleteLearnerAccount`) lists what to delete, so a deletion cut short is finished by running it again.
 */
export async function deleteLearnerParts(account: LearnerAccount): Promise<void> {
  const items = (await learnerItems(account.id)).filter((i) => i.sk !== 'ACCOUNT');
  const keys: { pk: string; sk: string }[] = [
    ...account.subjects.map((s) => learnerKeys.subject(s)),
    ...items.filter((i) => String(i.sk).startsWith('ADDRESS#')).map((i) => learnerKeys.addressOwner(String(i.recipientKey))),
    ...items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })),
  ];
  for (const key of keys) await db.send(new DeleteCommand({ TableName: cityTable.name, Key: key }));
}

/** The last step of a deletion: the account item, and with it its place in the deletion index. */
export async function deleteLearnerAccount(learnerId: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: cityTable.name, Key: learnerKeys.account(learnerId) }));
}

/** Accounts whose deletion is due by `now` (the index lags writes by a moment: read each account again before acting). */
export async function learnersDueForDeletion(now: Date, limit: number): Promise<string[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      IndexName: learnerKeys.deletionDue.index,
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :now',
      ExpressionAttributeValues: { ':pk': learnerKeys.deletionDue.partition(), ':now': now.toISOString() },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => String(item.id));
}

/** The accounts that name this guardian's address (from the index: read each again before trusting it). */
export async function childrenOfGuardian(guardianKey: string): Promise<string[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      IndexName: learnerKeys.byGuardian.index,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': learnerKeys.byGuardian.partition(guardianKey) },
      Limit: 20,
    }),
  );
  return (Items ?? []).map((item) => String(item.id));
}

/** Holds a claim code's use for the learner (put again by a second scan: the same item). */
export async function putPendingClaim(learnerId: string, claim: PendingClaim): Promise<void> {
  await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...learnerKeys.pendingClaim(learnerId, claim.codeHash), ...claim } }));
}

export async function listPendingClaims(learnerId: string): Promise<PendingClaim[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :claim)',
      ExpressionAttributeValues: { ':pk': learnerKeys.partition(learnerId), ':claim': 'CLAIM#' },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => PendingClaimSchema.parse(item));
}

export async function deletePendingClaim(learnerId: string, codeHash: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: cityTable.name, Key: learnerKeys.pendingClaim(learnerId, codeHash) }));
}
