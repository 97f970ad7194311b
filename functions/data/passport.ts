// What the passport keeps, all in the learner's own partition (functions/data/learners.ts), so that
// exporting the account reads it and deleting the account deletes it with everything else:
//   PASSPORT#<awardId>   the learner's word on one badge: accepted or hidden; and for a badge added
//                        from an email's link to an address not (yet) verified, the recipient key it
//                        was sent to (`linked`), so the passport lists it too
//   SHARE                the public profile: its unguessable id (gsi1 PROFILE#<profileId> finds it),
//                        the badges chosen, the display name sealed (if shown)
// The badges themselves are the awards' own items, found by recipient key (gsi3, access pattern 12).
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { cityTable, db, indexKey } from './client';
import { learnerKeys } from './learners';
import { queryAllWithPrefix } from './pages';

const ENTRY_PREFIX = 'PASSPORT#';

export const passportKeys = {
  entry: (learnerId: string, awardId: string) => ({ pk: learnerKeys.partition(learnerId), sk: `${ENTRY_PREFIX}${awardId}` }),
  share: (learnerId: string) => ({ pk: learnerKeys.partition(learnerId), sk: 'SHARE' }),
  byProfile: indexKey('gsi1', (profileId: string) => `PROFILE#${profileId}`, () => 'PROFILE'),
};

export const PassportEntrySchema = z.object({
  awardId: z.string(),
  state: z.enum(['accepted', 'hidden']),
  /** Added from an email's link: the recipient key the award went to (not one of the learner's verified addresses). */
  linkedRecipientKey: z.optional(z.string()),
  updatedAt: z.string(),
});
export type PassportEntry = z.infer<typeof PassportEntrySchema>;

export async function putPassportEntry(learnerId: string, entry: PassportEntry): Promise<void> {
  await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...passportKeys.entry(learnerId, entry.awardId), ...entry } }));
}

/** Every entry of the learner's passport (one per badge they accepted, hid or added from a link). */
export async function listPassportEntries(learnerId: string): Promise<PassportEntry[]> {
  const items = await queryAllWithPrefix(learnerKeys.partition(learnerId), ENTRY_PREFIX, { consistent: true });
  return items.map((item) => PassportEntrySchema.parse(item));
}

export const ShareSchema = z.object({
  /** 128 random bits, base32: the public profile's URL. */
  profileId: z.string(),
  learnerId: z.string(),
  awardIds: z.array(z.string()),
  /** The name the learner chose to show, sealed to the learner's id; absent: "the holder of these badges". */
  sealedDisplayName: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Share = z.infer<typeof ShareSchema>;

export async function putShare(share: Share): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: cityTable.name,
      Item: { ...passportKeys.share(share.learnerId), ...passportKeys.byProfile.attributes(share, share.profileId), ...share },
    }),
  );
}

export async function getShare(learnerId: string): Promise<Share | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: passportKeys.share(learnerId), ConsistentRead: true }));
  return Item ? ShareSchema.parse(Item) : undefined;
}

/** Revoked at once: the public page reads the share itself, strongly consistent, after finding it. */
export async function deleteShare(learnerId: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: cityTable.name, Key: passportKeys.share(learnerId) }));
}

/**
 * The share a public profile id names, if it is still shared: the index finds the learner, then the
 * share is read strongly consistent and must still carry this id, so a profile revoked (or replaced by
 * a new one) a moment ago answers nothing even while the index lags.
 */
export async function findShare(profileId: string): Promise<Share | undefined> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      IndexName: passportKeys.byProfile.index,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': passportKeys.byProfile.partition(profileId) },
      Limit: 1,
    }),
  );
  const learnerId = Items?.[0]?.learnerId;
  if (typeof learnerId !== 'string') return undefined;
  const share = await getShare(learnerId);
  return share?.profileId === profileId ? share : undefined;
}
