// Uploading labour-market demand and reading it back. The file is checked whole before anything is
// stored (every row named that is wrong: a 400 that changes nothing). Then each set it names (a source's
// figures for a period) whose figures differ from those stored gets a new generation of cells; the sets
// are switched to their new generations in one transaction; the generations they replaced are deleted
// last. A failure before the switch leaves every set as it was (the cells written so far are deleted,
// or, if that fails too, left unread under a generation nothing names); sending the file again is safe.
import { deleteDemandCells, demandSets, putDemandCells, switchDemandSets, uploadedDemand, type DemandFilter } from '../data/labour-market';
import { getInsightsConfig } from '../data/insights';
import { getSpine } from '../data/skills';
import { randomId } from '../domain/ids';
import { AREA_CODE_PATTERN, DEMAND_GENERATION_LENGTH, readDemandFile, type DemandSet, type DemandSetRecord } from '../domain/labour-market';
import { logger } from '../http/logger';

/**
 * Whether `code` is one of the city's areas (its config's `insights.areas`, as the insights dashboard
 * counts by them); a city that lists no areas takes every well-formed code.
 */
async function cityAreaCheck(): Promise<(code: string) => boolean> {
  const { areas } = await getInsightsConfig();
  const codes = new Set(areas.map((area) => area.code));
  return (code) => AREA_CODE_PATTERN.test(code) && (codes.size === 0 || codes.has(code));
}

export type SetResult = 'added' | 'replaced' | 'unchanged';

export interface UploadedSet {
  source: string;
  period: string;
  rows: number;
  total: number;
  result: SetResult;
}

/** Best effort: a generation left behind is never read (no set names it), only stored. */
const forget = (generations: readonly string[], why: string) =>
  Promise.all(
    generations.map((generation) =>
      deleteDemandCells(generation).catch((error: unknown) => logger.warn('demand cells left behind', { generation, why, error: (error as Error).name })),
    ),
  );

export async function uploadDemand(file: Buffer, now: Date): Promise<UploadedSet[]> {
  const [{ skills }, isCityArea] = await Promise.all([getSpine(), cityAreaCheck()]);
  const sets = readDemandFile(file, { skills: new Map(skills.map((s) => [s.id, { retired: s.retired }])), isCityArea });
  const stored = new Map((await demandSets()).map((set) => [`${set.period}#${set.source}`, set]));
  const changes = sets.flatMap((set) => {
    const current = stored.get(`${set.period}#${set.source}`);
    return current?.digest === set.digest ? [] : [{ set, current, generation: randomId(DEMAND_GENERATION_LENGTH) }];
  });
  if (changes.length) {
    const written = changes.map((change) => change.generation);
    try {
      for (const { set, generation } of changes) await putDemandCells(generation, set.rows);
      await switchDemandSets(
        changes.map(({ set, current, generation }) => ({ set: record(set, generation, now), ...(current ? { replaces: current.generation } : {}) })),
      );
    } catch (error) {
      // A switch whose answer was lost may have happened: only generations no set names are deleted,
      // and none if the sets cannot be read to tell.
      const named = await demandSets().then((stored) => new Set(stored.map((set) => set.generation)), () => undefined);
      if (named) await forget(written.filter((generation) => !named.has(generation)), 'the upload failed before its sets were switched');
      throw error;
    }
    await forget(
      changes.flatMap((change) => (change.current ? [change.current.generation] : [])),
      'replaced by an upload',
    );
  }
  const changed = new Map(changes.map((change) => [change.set, change.current ? 'replaced' : 'added'] as const));
  return sets.map((set) => ({ source: set.source, period: set.period, rows: set.rows.length, total: set.total, result: changed.get(set) ?? 'unchanged' }));
}

const record = (set: DemandSet, generation: string, now: Date): DemandSetRecord => ({
  period: set.period,
  source: set.source,
  generation,
  rows: set.rows.length,
  total: set.total,
  digest: set.digest,
  uploadedAt: now.toISOString(),
});

/** The uploaded figures that match the filter, every source, in set and then key order. */
export const demandFigures = (filter: DemandFilter) => uploadedDemand(filter);
