// Links mailed to a guardian (to give consent for an under-13, or later to see and delete the account):
// pk GUARDIAN#<sha256 of the link's nonce>, sk LINK, with the learner it is for, what it may do and
// when it expires (TTL). Taken once: using a link deletes it in the same request that acts on it.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { db, cityTable } from './client';

export const GuardianLinkSchema = z.object({
  learnerId: z.string(),
  purpose: z.enum(['consent', 'manage']),
  expiresAt: z.number(),
});
export type GuardianLink = z.infer<typeof GuardianLinkSchema>;

export const guardianLinkKeys = { link: (nonceHash: string) => ({ pk: `GUARDIAN#${nonceHash}`, sk: 'LINK' }) };

export async function putGuardianLink(nonceHash: string, link: GuardianLink): Promise<void> {
  await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...guardianLinkKeys.link(nonceHash), ...link }, ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function getGuardianLink(nonceHash: string, now: Date): Promise<GuardianLink | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: guardianLinkKeys.link(nonceHash), ConsistentRead: true }));
  const link = Item ? GuardianLinkSchema.parse(Item) : undefined;
  return link && link.expiresAt * 1000 > now.getTime() ? link : undefined;
}

/** Deletes the link, once: false when it was already used (two clicks racing: one wins). */
export async function takeGuardianLink(nonceHash: string): Promise<boolean> {
  const { Attributes } = await db.send(new DeleteCommand({ TableName: cityTable.name, Key: guardianLinkKeys.link(nonceHash), ReturnValues: 'ALL_OLD' }));
  return Attributes !== undefined;
}
