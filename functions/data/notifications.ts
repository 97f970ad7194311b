// What the city keeps to tell learners about their badges, never an address in clear:
// - the outbox: pk OUTBOX#<awardId>, sk AWARD-EMAIL, written in the award's own transaction
//   (functions/data/awards.ts), holding the address sealed to the award, deleted once the email is sent
//   and expiring (TTL) if it never is;
// - add-to-passport links: pk PASSPORTLINK#<SHA-256 of the token>, sk LINK, bound to the award and the
//   recipient key, spent by a conditional delete, expiring;
// - mail blocks under the recipient key: pk MAILTO#<recipientKey>, sk PROVIDER#<providerId> (unsubscribed
//   from that provider's badge emails) or sk SUPPRESSED (the address bounced or complained: no more mail).
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { cityTable, db } from './client';

export const notificationKeys = {
  outbox: (awardId: string) => ({ pk: `OUTBOX#${awardId}`, sk: 'AWARD-EMAIL' }),
  passportLink: (tokenHash: string) => ({ pk: `PASSPORTLINK#${tokenHash}`, sk: 'LINK' }),
  unsubscribed: (recipientKey: string, providerId: string) => ({ pk: `MAILTO#${recipientKey}`, sk: `PROVIDER#${providerId}` }),
  suppressed: (recipientKey: string) => ({ pk: `MAILTO#${recipientKey}`, sk: 'SUPPRESSED' }),
};

export const OUTBOX_PREFIX = 'OUTBOX#';

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** An award email waiting to be sent. */
export const OutboxEntrySchema = z.object({
  awardId: z.string(),
  providerId: z.string(),
  badgeClassId: z.string(),
  recipientKey: z.string(),
  /** The address, sealed (AES-256-GCM, the city's key for mail addresses) to the award id. */
  sealedAddress: z.string(),
  createdAt: z.string(),
  /** TTL: an email not sent by then is dropped with its address. */
  expiresAt: z.number(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** The outbox item as the award's transaction writes it (conditional on absence, like the award). */
export const outboxItem = (entry: OutboxEntry) => ({ ...notificationKeys.outbox(entry.awardId), ...entry });

/** How long an unsent email (and so its sealed address) is kept before the TTL drops it. */
export const OUTBOX_DAYS = 7;
export const outboxExpiry = (now: Date) => epochSeconds(now) + OUTBOX_DAYS * 86_400;

/** Strongly consistent: the email still to send for an award, if it has not been sent. */
export async function getOutboxEntry(awardId: string): Promise<OutboxEntry | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: notificationKeys.outbox(awardId), ConsistentRead: true }));
  return Item ? OutboxEntrySchema.parse(Item) : undefined;
}

/** The email was sent (or will never be): its address goes with it. Deleting a deleted entry is fine. */
export async function deleteOutboxEntry(awardId: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: cityTable.name, Key: notificationKeys.outbox(awardId) }));
}

const PassportLinkSchema = z.object({ awardId: z.string(), recipientKey: z.string(), expiresAt: z.number() });
export type PassportLink = z.infer<typeof PassportLinkSchema>;

export async function putPassportLink(tokenHash: string, link: PassportLink): Promise<void> {
  await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...notificationKeys.passportLink(tokenHash), ...link }, ConditionExpression: 'attribute_not_exists(pk)' }));
}

/** Strongly consistent: the link, if it exists and has not expired (the TTL deletes late). */
export async function getPassportLink(tokenHash: string, now: Date): Promise<PassportLink | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: notificationKeys.passportLink(tokenHash), ConsistentRead: true }));
  const link = Item ? PassportLinkSchema.parse(Item) : undefined;
  return link && link.expiresAt > epochSeconds(now) ? link : undefined;
}

/**
 * Spends the link: deleted only if it is there and unexpired, so of two uses at once exactly one gets
 * it. Undefined when it was spent, expired or never existed.
 */
export async function spendPassportLink(tokenHash: string, now: Date): Promise<PassportLink | undefined> {
  try {
    const { Attributes } = await db.send(
      new DeleteCommand({
        TableName: cityTable.name,
        Key: notificationKeys.passportLink(tokenHash),
        ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
        ExpressionAttributeValues: { ':now': epochSeconds(now) },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? PassportLinkSchema.parse(Attributes) : undefined;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

export type SuppressionReason = 'bounce' | 'complaint';

/** The learner asked for no more badge emails from this provider. Asking twice is the same. */
export async function putUnsubscribe(recipientKey: string, providerId: string, now: Date): Promise<void> {
  await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...notificationKeys.unsubscribed(recipientKey, providerId), at: now.toISOString() } }));
}

/** The address bounced for good or complained: nothing more is sent to it. */
export async function putSuppression(recipientKey: string, reason: SuppressionReason, now: Date): Promise<void> {
  await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...notificationKeys.suppressed(recipientKey), reason, at: now.toISOString() } }));
}

/**
 * Why nothing may be sent to this learner about this provider's badges, if anything says so: one
 * strongly consistent Query of the learner's few mail blocks (a suppression, a provider or two).
 */
export async function mailBlock(recipientKey: string, providerId: string): Promise<'unsubscribed' | SuppressionReason | undefined> {
  const { Items: items = [] } = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': notificationKeys.suppressed(recipientKey).pk },
      ConsistentRead: true,
    }),
  );
  const suppressed = items.find((item) => item.sk === notificationKeys.suppressed(recipientKey).sk);
  if (suppressed) return suppressed.reason as SuppressionReason;
  return items.some((item) => item.sk === notificationKeys.unsubscribed(recipientKey, providerId).sk) ? 'unsubscribed' : undefined;
}
