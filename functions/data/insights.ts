// Insights items (docs/data-model.md, 50-54): the exact counters the insights consumer keeps, the
// attribution of each counted award, the per-learner markers behind distinct-learner counts, and the
// city's insights config (areas and disclosure rule) as the deploy writes it.
//
//   counter      pk INSIGHTS#<period>#<shard>  sk <cell key>       n: the exact count
//   attribution  pk INSIGHTS#AWARD#<awardId>   sk ATTRIBUTION      what the award was counted as
//   marker       pk INSIGHTS#LEARNER#<key>     sk <period>|<cell>  n: the learner's awards counted in that cell
//   config       pk INSIGHTS#CONFIG            sk CONFIG           the city config's `insights`
//
// Every write of counters goes through writeEffectOnce, so a redelivered record adds nothing a second
// time; a distinct-learner count moves only when the learner's marker goes from 0 to 1 (or back), in
// the same transaction, conditional on the marker still holding what was read, so two awards of one
// learner at once cannot both count them.
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { InsightsConfigSchema, type InsightsConfig } from '../../definitions/insights-config';
import { cellKey, COUNTER_SHARDS, NOW, type AwardAttribution, type CounterAdd, type Period } from '../domain/insights';
import { cityTable, db } from './client';
import { writeEffectOnce } from './stream-effects';

export const INSIGHTS_CONSUMER = 'insights';

export const insightsKeys = {
  counter: (period: Period | typeof NOW, shard: number, cell: string) => ({ pk: `INSIGHTS#${period}#${shard}`, sk: cell }),
  attribution: (awardId: string) => ({ pk: `INSIGHTS#AWARD#${awardId}`, sk: 'ATTRIBUTION' }),
  marker: (learnerKey: string, period: Period, cell: string) => ({ pk: `INSIGHTS#LEARNER#${learnerKey}`, sk: `${period}|${cell}` }),
  config: () => ({ pk: 'INSIGHTS#CONFIG', sk: 'CONFIG' }),
};

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Actions per transaction beside the effect marker (DynamoDB allows 100). */
const TRANSACTION_ITEMS = 99;
/** Distinct-learner cells per transaction: each takes its marker and, when it moves, its counter. */
const LEARNER_CELLS = 45;
/** How often a transaction that lost a race (a conflict, a marker that moved) is tried again at once. */
const ATTEMPTS = 8;

const add = (key: { pk: string; sk: string }, by: number): TransactItem => ({
  Update: { TableName: cityTable.name, Key: key, UpdateExpression: 'ADD #n :by', ExpressionAttributeNames: { '#n': 'n' }, ExpressionAttributeValues: { ':by': by } },
});

const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const lostRace = (error: unknown) => {
  const e = error as { name?: string };
  return e.name === 'TransactionConflictException' || (e.name === 'TransactionCanceledException' && !(error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.some((r) => r.Code === 'ThrottlingError'));
};

async function retried<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= ATTEMPTS || !lostRace(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * tries));
    }
  }
}

/**
 * Adds to counters, once for `effectId` however often it is asked: in transactions of 99 adds, each
 * with its own marker (`<effectId>#<n>`), so a crash between two leaves the first done and the second
 * to do on the redelivery. `adds` must come out the same on every delivery (they are computed from a
 * stored attribution or the record's own images).
 */
export async function addToCounters(effectId: string, adds: readonly CounterAdd[], now: Date): Promise<void> {
  for (const [index, chunk] of chunks(adds, TRANSACTION_ITEMS).entries()) {
    await retried(() => writeEffectOnce(INSIGHTS_CONSUMER, `${effectId}#${index}`, chunk.map((a) => add(insightsKeys.counter(a.period, a.shard, cellKey(a.cell)), a.by)), now));
  }
}

/**
 * The learner's markers among `keys` (at most 100), read consistently in one BatchGetItem rather than a
 * GetItem each: an award has ~20 cells, and a round trip each was most of the time it took to count.
 */
async function markers(keys: { pk: string; sk: string }[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  let pending = keys;
  for (let attempt = 0; pending.length; attempt++) {
    // DynamoDB may leave keys unprocessed (throttling): they are asked again, after a short wait.
    if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    const { Responses, UnprocessedKeys } = await db.send(new BatchGetCommand({ RequestItems: { [cityTable.name]: { Keys: pending, ConsistentRead: true } } }));
    for (const item of Responses?.[cityTable.name] ?? []) found.set(`${String(item.pk)}\u0000${String(item.sk)}`, item);
    pending = (UnprocessedKeys?.[cityTable.name]?.Keys ?? []) as typeof keys;
  }
  return found;
}

/**
 * Counts the learner once in each cell (`by` 1) or takes them out of it once their last counted award
 * there is revoked (`by` −1). The markers are read, then each is written with the counter in one transaction
 * conditional on the marker being as read; a race with another award of the same learner cancels it,
 * and it is read and tried again.
 */
export async function countLearner(effectId: string, learnerKey: string, cells: readonly { period: Period; shard: number; cell: Parameters<typeof cellKey>[0] }[], by: 1 | -1, now: Date): Promise<void> {
  for (const [index, chunk] of chunks(cells, LEARNER_CELLS).entries()) {
    await retried(async () => {
      const items: TransactItem[] = [];
      const keyed = chunk.map((c) => ({ ...c, key: insightsKeys.marker(learnerKey, c.period, cellKey(c.cell)) }));
      const stored = await markers(keyed.map((c) => c.key));
      for (const { period, shard, cell, key } of keyed) {
        const Item = stored.get(`${key.pk}\u0000${key.sk}`);
        const held = Number(Item?.n ?? 0);
        const next = Math.max(0, held + by);
        items.push({
          Update: {
            TableName: cityTable.name,
            Key: key,
            UpdateExpression: 'SET #n = :next',
            ConditionExpression: Item ? '#n = :held' : 'attribute_not_exists(pk)',
            ExpressionAttributeNames: { '#n': 'n' },
            ExpressionAttributeValues: { ':next': next, ...(Item ? { ':held': held } : {}) },
          },
        });
        if ((held === 0 && next === 1) || (held === 1 && next === 0)) items.push(add(insightsKeys.counter(period, shard, cellKey(cell)), next - held));
      }
      return writeEffectOnce(INSIGHTS_CONSUMER, `${effectId}#${index}`, items, now);
    });
  }
}

/**
 * Counts a page view or a booking click: one UpdateItem ADD per period (month, year, all time), sent
 * at once, with no transaction (a transaction on a hot item conflicts with its neighbours; an ADD
 * never does). Not once-only: a request is one view, and a retried request is counted as another, as
 * in any access log. A failure part-way leaves the periods that were written counted.
 */
export async function addPageEvent(adds: readonly CounterAdd[]): Promise<void> {
  await Promise.all(
    adds.map((a) =>
      db.send(
        new UpdateCommand({
          TableName: cityTable.name,
          Key: insightsKeys.counter(a.period, a.shard, cellKey(a.cell)),
          UpdateExpression: 'ADD #n :by',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':by': a.by },
        }),
      ),
    ),
  );
}

export async function getAttribution(awardId: string): Promise<AwardAttribution | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: insightsKeys.attribution(awardId), ConsistentRead: true }));
  return Item?.attribution as AwardAttribution | undefined;
}

/** Stores what the award is counted as, unless it is stored already: the stored one is returned either way. */
export async function fixAttribution(attribution: AwardAttribution): Promise<AwardAttribution> {
  try {
    await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...insightsKeys.attribution(attribution.awardId), attribution }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return attribution;
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    return (await getAttribution(attribution.awardId))!;
  }
}

/**
 * Every counter of a period, summed over its shards: `COUNTER_SHARDS` Queries (each paged), whatever
 * the number of awards counted, since there is one item per cell and shard, never one per award. With
 * `prefixes` (of cell keys, e.g. `A|total|all|`), only those cells: one Query per shard and prefix, which
 * reads their few items and not the period's thousands (a busy period has one per cell it touched).
 */
export async function readCounters(period: Period | typeof NOW, prefixes: readonly string[] = ['']): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const shards = period === NOW ? [0] : Array.from({ length: COUNTER_SHARDS }, (_, i) => i);
  await Promise.all(
    shards.flatMap((shard) => prefixes.map((prefix) => ({ shard, prefix }))).map(async ({ shard, prefix }) => {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: cityTable.name,
            KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            ExpressionAttributeValues: { ':pk': insightsKeys.counter(period, shard, '').pk, ...(prefix ? { ':prefix': prefix } : {}) },
            ProjectionExpression: 'sk, n',
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) counts.set(String(item.sk), (counts.get(String(item.sk)) ?? 0) + Number(item.n ?? 0));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }),
  );
  return counts;
}

export async function putInsightsConfig(config: InsightsConfig): Promise<void> {
  await db.send(new PutCommand({ TableName: cityTable.name, Item: { ...insightsKeys.config(), config } }));
}

/** The city's insights config as last deployed; the defaults (no areas, the safe rule) before any. */
export async function getInsightsConfig(): Promise<InsightsConfig> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: insightsKeys.config() }));
  return InsightsConfigSchema.parse(Item?.config ?? {});
}
