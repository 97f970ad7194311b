// Effect markers of stream consumers: pk EFFECT#<consumer>#<effect id>, sk EFFECT. A consumer's write
// goes in one transaction with its marker, conditional on the marker being absent, so a redelivered
// record (the stream delivers at least once) finds the marker and changes nothing a second time. The
// effect id is deterministic: the record's eventID for "once per record", or what names the effect
// itself ("notify award X") when two records may ask for the same one. Markers expire (TTL) a week
// later, past any redelivery of their record (definitions/consumers.ts: streamDelivery).
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { streamDelivery } from '../../definitions/consumers';
import { cityTable, db } from './client';

/** Every key an effect marker is stored under. */
export const streamEffectKeys = {
  marker: (consumer: string, effectId: string) => ({ pk: `EFFECT#${consumer}#${effectId}`, sk: 'EFFECT' }),
};

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Writes `items` (at most 99 transaction actions) with the marker of effect `effectId`, all or nothing,
 * unless the marker is there already: `done` the first time, `already` on every later delivery.
 * Other failures (throttling, a conflict, a condition of `items`) are thrown: nothing was written.
 */
export async function writeEffectOnce(consumer: string, effectId: string, items: TransactItem[], now: Date): Promise<'done' | 'already'> {
  const marker = { ...streamEffectKeys.marker(consumer, effectId), at: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + streamDelivery.effectMarkerDays * 86_400 };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: cityTable.name, Item: marker, ConditionExpression: 'attribute_not_exists(pk)' } }, ...items],
      }),
    );
    return 'done';
  } catch (error) {
    const reasons = (error as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if ((error as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'already';
    throw error;
  }
}
