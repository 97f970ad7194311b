// Uploaded labour-market demand (docs/data-model.md patterns 70-70a). Each set (one source's figures for
// one period) is a pointer item in one partition, `pk DEMAND`, `sk SET#<period>#<source>`, naming the
// generation of cells that is current; the cells of a generation sit in a partition of their own,
// `pk DEMAND#<generation>`, `sk CELL#<skillId>#<area>`, so one Query reads a set (or one skill of it).
// An upload writes a new generation beside the current one, then moves the pointers of every set it
// replaces in one transaction, then deletes the generations it replaced: readers see the old figures or
// the new ones, never a mixture, and a failure before the switch leaves the old figures in place.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DemandFigureSchema, DemandSetRecordSchema, type DemandFigure, type DemandRow, type DemandSetRecord } from '../domain/labour-market';
import { DomainError } from '../domain/errors';
import { cityTable, db, deleteAll, putAll } from './client';
import { queryAllWithPrefix } from './pages';

const SETS_PK = 'DEMAND';
const SET_PREFIX = 'SET#';
const CELL_PREFIX = 'CELL#';

/** Every key uploaded demand is stored under. */
export const demandKeys = {
  sets: () => SETS_PK,
  /** The sets of a period: `SET#<period>#`, so `2026-01` never matches `2026-010`. */
  setsOf: (period: string) => `${SET_PREFIX}${period}#`,
  set: (period: string, source: string) => ({ pk: SETS_PK, sk: `${SET_PREFIX}${period}#${source}` }),
  generation: (generation: string) => `DEMAND#${generation}`,
  cellsOf: (skillId: string) => `${CELL_PREFIX}${skillId}#`,
  cell: (generation: string, skillId: string, area: string) => ({ pk: `DEMAND#${generation}`, sk: `${CELL_PREFIX}${skillId}#${area}` }),
};

/** The stored sets, all or those of one period (one Query of one small partition: sources × periods). */
export async function demandSets(period?: string): Promise<DemandSetRecord[]> {
  const items = await queryAllWithPrefix(SETS_PK, period ? demandKeys.setsOf(period) : SET_PREFIX, { consistent: true });
  return items.map((item) => DemandSetRecordSchema.parse(item));
}

/** BatchWrites in flight at once: 10,000 cells are 400 batches, too many to send one after another in a request. */
const WRITERS = 8;

/** Puts a generation's cells (not yet read by anyone: no set names the generation until `switchDemandSets`). */
export async function putDemandCells(generation: string, rows: readonly DemandRow[]): Promise<void> {
  const items = rows.map((row) => ({
    ...demandKeys.cell(generation, row.skillId, row.area),
    generation,
    period: row.period,
    source: row.source,
    skillId: row.skillId,
    area: row.area,
    demand: row.demand,
  }));
  // Each writer takes every WRITERS-th run of 25 (a whole BatchWrite), so the batches stay full.
  const share = (writer: number) => items.filter((_, i) => Math.floor(i / 25) % WRITERS === writer);
  // Every writer finishes before a failure is reported: the clean-up that follows must not race a writer still writing.
  const outcomes = await Promise.allSettled(Array.from({ length: WRITERS }, (_, writer) => putAll(share(writer))));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Deletes a generation's cells (one it replaced, or its own after a failed switch). Deleting twice is fine. */
export async function deleteDemandCells(generation: string): Promise<void> {
  const items = await queryAllWithPrefix(demandKeys.generation(generation), CELL_PREFIX, { projection: 'pk, sk' });
  await deleteAll(items.map((item) => ({ pk: item.pk, sk: item.sk })));
}

/**
 * Points every set at its new generation in one transaction, each conditional on still pointing where
 * it did when read (`replaces`: its generation then, absent for a new set): another upload of the same
 * set in between is a 409, and nothing switches.
 */
export async function switchDemandSets(changes: readonly { set: DemandSetRecord; replaces?: string }[]): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: changes.map(({ set, replaces }) => ({
          Put: {
            TableName: cityTable.name,
            Item: { ...demandKeys.set(set.period, set.source), ...set },
            ...(replaces
              ? { ConditionExpression: 'generation = :replaces', ExpressionAttributeValues: { ':replaces': replaces } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        })),
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') {
      throw new DomainError('conflict', 'Another upload changed the same source and period meanwhile: nothing of this file was stored; send it again');
    }
    throw error;
  }
}

export interface DemandFilter {
  /** A month (`2026-03`) or quarter (`2026-Q1`), exactly as uploaded. */
  period?: string;
  skillId?: string;
  area?: string;
}

/** How often a read starts again because an upload switched a set while it was reading. */
const MAX_READS = 3;

/**
 * The uploaded figures that match, every source: one Query for the sets, one per matching set (of one
 * skill's cells, with `skillId`), and one more for the sets again. If a set was switched meanwhile, its
 * replaced cells may have been deleted under the read, so it reads again; a generation is never reused,
 * so sets that still name the generations read were whole throughout.
 */
export async function uploadedDemand(filter: DemandFilter = {}): Promise<DemandFigure[]> {
  for (let attempt = 1; attempt <= MAX_READS; attempt++) {
    const sets = await demandSets(filter.period);
    const cells = await Promise.all(
      sets.map((set) => queryAllWithPrefix(demandKeys.generation(set.generation), filter.skillId ? demandKeys.cellsOf(filter.skillId) : CELL_PREFIX)),
    );
    const read = new Set(sets.map((set) => set.generation));
    const after = await demandSets(filter.period);
    if (after.length === sets.length && after.every((set) => read.has(set.generation))) {
      return cells
        .flat()
        .map((item) => DemandFigureSchema.parse(item))
        .filter((figure) => filter.area === undefined || figure.area === filter.area);
    }
  }
  throw new Error(`Uploaded demand was switched while it was read, ${MAX_READS} times running`);
}
