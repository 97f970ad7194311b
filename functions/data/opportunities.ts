// Opportunity items (docs/data-model.md, patterns 20-22 and 26-29). The opportunity itself is one item
// (pk OPPORTUNITY#<id>, sk OPPORTUNITY), listed per provider on gsi1 and in the change feed on gsi2.
// While it is listed (published or full) it also has index items in its own partition, each carrying
// the opportunity's search card: LISTED (every listed opportunity, gsi3), SKILL#<id> (gsi1), TERM#<term>
// (gsi3) and GEO (gsi2). They are written and removed in the same transaction as the opportunity, so
// search never sees an index item without its opportunity, and they expire (TTL) a day after it ends.
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors';
import { isListed, OpportunitySchema, type Opportunity } from '../domain/opportunities';
import {
  CardSchema,
  coveringCells,
  DEFAULT_RADIUS_KM,
  distanceKm,
  GEO_PARTITION_CHARS,
  geohashOf,
  matches,
  restOfCell,
  splitDepth,
  type Card,
  type Found,
  type Search,
} from '../domain/opportunity-search';
import { cityTable, db, queryPage, type KeyPage } from './client';

const pk = (id: string) => `OPPORTUNITY#${id}`;
const MAIN_SK = 'OPPORTUNITY';
const sortable = (card: Pick<Card, 'startsAt' | 'id'>) => `${card.startsAt}#${card.id}`;
/** Feed order: modified time as 15-digit epoch milliseconds, then id, so the string order is (modified, id). */
const feedKey = (modified: number, id: string) => `${String(modified).padStart(15, '0')}#${id}`;

/** Every key the opportunity items use, built in one place (docs/data-model.md patterns 20-22, 26-29). */
export const opportunityKeys = {
  item: (id: string) => ({ pk: pk(id), sk: MAIN_SK }),
  bySkill: (skillId: string, card: Pick<Card, 'startsAt' | 'id'>) => ({ gsi1pk: `SKILL#${skillId}#OPPS`, gsi1sk: sortable(card) }),
  byPlace: (cell: string, id: string) => ({ gsi2pk: `GEO#${cell.slice(0, GEO_PARTITION_CHARS)}`, gsi2sk: `${cell}#${id}` }),
  listed: (card: Pick<Card, 'startsAt' | 'id'>) => ({ gsi3pk: 'OPPS#LISTED', gsi3sk: sortable(card) }),
  byTerm: (term: string, card: Pick<Card, 'startsAt' | 'id'>) => ({ gsi3pk: `TERM#${term}`, gsi3sk: sortable(card) }),
  /** Listed opportunities that award a badge class (its "earn this badge" page). */
  badgeClassPartition: (badgeClassId: string) => `BADGECLASS#${badgeClassId}#OPPS`,
  byBadgeClass: (badgeClassId: string, card: Pick<Card, 'startsAt' | 'id'>) => ({ gsi1pk: opportunityKeys.badgeClassPartition(badgeClassId), gsi1sk: sortable(card) }),
  /** A provider's listed opportunities (its page, and search by provider). */
  listedProviderPartition: (providerId: string) => `PROVIDER#${providerId}#LISTED`,
  listedByProvider: (card: Pick<Card, 'providerId' | 'startsAt' | 'id'>) => ({ gsi1pk: opportunityKeys.listedProviderPartition(card.providerId), gsi1sk: sortable(card) }),
  providerPartition: (providerId: string) => `PROVIDER#${providerId}#OPPS`,
  byProvider: (o: Pick<Opportunity, 'providerId' | 'createdAt' | 'id'>) => ({ gsi1pk: opportunityKeys.providerPartition(o.providerId), gsi1sk: `${o.createdAt}#${o.id}` }),
  feed: (o: Pick<Opportunity, 'updatedAt' | 'id'>) => ({ gsi2pk: 'OPPS#FEED', gsi2sk: feedKey(Date.parse(o.updatedAt), o.id) }),
};

type Item = Record<string, unknown>;

// The card is one string attribute of its index items (its JSON), not its fields spread on the item:
// nothing filters or sorts on them in DynamoDB (every filter is checked on the cards read), and a
// search reads tens to hundreds of cards, each paying per attribute in DynamoDB's answer and in the
// SDK's unmarshalling: a Query of 100 cards from DynamoDB Local took 15.1 ms as attributes and 9.0 as
// one (docs/performance.md, "Cards as one attribute").
function indexItems(opportunity: Opportunity, card: Card): Item[] {
  const common = { pk: pk(opportunity.id), card: JSON.stringify(card), expiresAt: Math.floor(Date.parse(card.endsAt) / 1000) + 86_400 };
  const items: Item[] = [{ ...common, sk: 'LISTED', ...opportunityKeys.listed(card) }];
  for (const skillId of new Set(card.skillIds)) items.push({ ...common, sk: `SKILL#${skillId}`, ...opportunityKeys.bySkill(skillId, card) });
  for (const term of card.terms) items.push({ ...common, sk: `TERM#${term}`, ...opportunityKeys.byTerm(term, card) });
  for (const badgeClassId of new Set(opportunity.badgeClassIds)) items.push({ ...common, sk: `BADGE#${badgeClassId}`, ...opportunityKeys.byBadgeClass(badgeClassId, card) });
  items.push({ ...common, sk: 'PROVIDER', ...opportunityKeys.listedByProvider(card) });
  if (card.lat !== undefined && card.lng !== undefined) items.push({ ...common, sk: 'GEO', ...opportunityKeys.byPlace(geohashOf({ lat: card.lat, lng: card.lng }), card.id) });
  return items;
}

const mainItem = (opportunity: Opportunity, card: Card | undefined): Item => ({
  ...opportunityKeys.item(opportunity.id),
  ...opportunityKeys.byProvider(opportunity),
  ...opportunityKeys.feed(opportunity),
  ...opportunity,
  // The index keys it was written with (sort keys of its index items), for the next write to remove.
  indexedAs: card ? indexItems(opportunity, card).map((item) => item.sk) : [],
});

/** Every item of a listed opportunity, as putOpportunity writes them: for bulk loads (the benchmark). */
export const listedItems = (opportunity: Opportunity, card: Card): Item[] => [mainItem(opportunity, card), ...indexItems(opportunity, card)];

/**
 * Writes an opportunity (new, or replacing `previous`) with exactly the index items its state calls
 * for: a card when it is listed, none otherwise. `previous` guards against a lost update: another
 * change in between fails this one as a conflict.
 */
export async function putOpportunity(opportunity: Opportunity, card: Card | undefined, previous: { updatedAt: string; indexedAs: string[] } | undefined): Promise<void> {
  const listed = card && isListed(opportunity.status) ? card : undefined;
  const items = listed ? indexItems(opportunity, listed) : [];
  const keep = new Set(items.map((item) => item.sk));
  const removed = (previous?.indexedAs ?? []).filter((sk) => !keep.has(sk));
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: cityTable.name,
              Item: mainItem(opportunity, listed),
              ...(previous
                ? { ConditionExpression: 'updatedAt = :previous', ExpressionAttributeValues: { ':previous': previous.updatedAt } }
                : { ConditionExpression: 'attribute_not_exists(pk)' }),
            },
          },
          ...items.map((Item) => ({ Put: { TableName: cityTable.name, Item } })),
          ...removed.map((sk) => ({ Delete: { TableName: cityTable.name, Key: { pk: pk(opportunity.id), sk } } })),
        ],
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') {
      throw new DomainError('conflict', `Opportunity ${opportunity.id} was changed by another request; read it again and retry`);
    }
    throw error;
  }
}

export interface StoredOpportunity {
  opportunity: Opportunity;
  indexedAs: string[];
}

export async function getOpportunity(id: string, consistent = false): Promise<StoredOpportunity | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: { pk: pk(id), sk: MAIN_SK }, ...(consistent ? { ConsistentRead: true } : {}) }));
  if (!Item) return undefined;
  return { opportunity: OpportunitySchema.parse(Item), indexedAs: Array.isArray(Item.indexedAs) ? (Item.indexedAs as string[]) : [] };
}

/** A provider's opportunities (every status), newest first. */
export const listOpportunitiesByProvider = (providerId: string, limit: number, start: Record<string, unknown> | undefined) =>
  queryPage({ index: 'gsi1', partition: opportunityKeys.providerPartition(providerId), order: 'descending', parse: (item) => OpportunitySchema.parse(item), limit, start });

// ---- Search ---------------------------------------------------------------------------------------

/** The longest a listed opportunity can run (a 3-year series): older starts cannot still be running. */
const LONGEST_RUN_MS = (3 * 366 + 31) * 86_400_000;

type Index = 'gsi1' | 'gsi2' | 'gsi3';

/**
 * The index partition a soonest-first search reads: the rarest thing it asks for that has its own
 * partition. A badge class first: cards do not carry their badge classes, so only its partition can
 * answer for it (everything else is checked on the cards read).
 */
function filterPartition(search: Search): { index: Index; partition: string } | undefined {
  if (search.badgeClass) return { index: 'gsi1', partition: opportunityKeys.badgeClassPartition(search.badgeClass) };
  if (search.terms?.length) {
    // The longest term is the likeliest to be rare; the other terms are checked on its cards.
    const term = [...search.terms].sort((a, b) => b.length - a.length || a.localeCompare(b))[0]!;
    return { index: 'gsi3', partition: `TERM#${term}` };
  }
  if (search.skill?.length) return { index: 'gsi1', partition: `SKILL#${search.skill[0]}#OPPS` };
  if (search.provider) return { index: 'gsi1', partition: opportunityKeys.listedProviderPartition(search.provider) };
  return undefined;
}

/** The rarest partition a search asks for (filterPartition), else every listed opportunity's. */
const soonestPartition = (search: Search): { index: Index; partition: string } => filterPartition(search) ?? { index: 'gsi3', partition: 'OPPS#LISTED' };

/** Keys from the soonest start a listed opportunity can have now to the search's last day (every partition above sorts by start). */
function startRange(search: Search, now: Date) {
  return { low: new Date(Math.max(now.getTime() - LONGEST_RUN_MS, 0)).toISOString(), high: search.to ? `${search.to}T23:59:59.999Z~` : '~' };
}


/** An index item's card. Items written before the card was one attribute carry its fields: read as they are until the opportunity's next write. */
const cardOfItem = (item: Item): Card => CardSchema.parse(typeof item.card === 'string' ? JSON.parse(item.card) : item);

const withDistance = (card: Card, search: Search): Found =>
  search.near && card.lat !== undefined && card.lng !== undefined ? { card, distanceKm: distanceKm(search.near, { lat: card.lat, lng: card.lng }) } : { card };

/** Items a soonest-first request examines beyond its page at most: a sparse search answers a short page and a cursor. */
const MAX_EXAMINED_BEYOND_PAGE = 300;

/** Whether every card of the partition answers the search (nothing is checked on the cards but the date). */
function partitionAnswers(search: Search): boolean {
  const asked = [search.badgeClass, search.provider, search.skillLevel, search.kind, search.near, search.age, search.mode, search.from, search.free === 'true' ? true : undefined].filter((v) => v !== undefined).length;
  const terms = search.terms?.length ?? 0;
  const skills = search.skill?.length ?? 0;
  if (search.badgeClass) return asked === 1 && terms === 0 && skills === 0;
  if (terms) return terms === 1 && skills === 0 && asked === 0;
  if (skills) return skills === 1 && asked === 0;
  return asked === (search.provider ? 1 : 0);
}

/**
 * Soonest first: one index partition in start order, checked card by card, until the page is full. The
 * first read takes a page (a few more when cards are checked); each later one is sized by the matches
 * seen so far (at most three times what was examined before it), and the request stops after
 * MAX_EXAMINED_BEYOND_PAGE items beyond its page with what it has and a cursor where the reading stopped.
 */
async function searchSoonest(search: Search, limit: number, start: Item | undefined, now: Date): Promise<KeyPage<Found>> {
  const { index, partition } = soonestPartition(search);
  const { low, high } = startRange(search, now);
  const found: Found[] = [];
  const budget = limit + MAX_EXAMINED_BEYOND_PAGE;
  let from = start;
  let examined = 0;
  let read = partitionAnswers(search) ? limit : limit + 5;
  for (;;) {
    const page = await db.send(
      new QueryCommand({
        TableName: cityTable.name,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk AND ${index}sk BETWEEN :low AND :high`,
        ExpressionAttributeValues: { ':pk': partition, ':low': low, ':high': high },
        Limit: read,
        ExclusiveStartKey: from,
      }),
    );
    examined += page.Items?.length ?? 0;
    for (const item of page.Items ?? []) {
      const card = cardOfItem(item);
      if (!matches(card, search, now)) continue;
      found.push(withDistance(card, search));
      if (found.length === limit) return { items: found, next: { pk: item.pk, sk: item.sk, [`${index}pk`]: item[`${index}pk`], [`${index}sk`]: item[`${index}sk`] } };
    }
    if (!page.LastEvaluatedKey) return { items: found };
    from = page.LastEvaluatedKey;
    if (examined >= budget) break;
    // Enough for the rest of the page at the rate matched so far, and a margin; at most three times what
    // has been examined, because a run of cards that do not match (the soonest all paid, say) says little
    // about the cards after it: a guess of one match in what was read would take the whole budget.
    const rate = Math.max(found.length, 1) / examined;
    read = Math.min(budget - examined, Math.ceil((limit - found.length) / rate) + 10, 3 * examined);
  }
  // Sparse matches: a short page, and the cursor carries on where the reading stopped.
  return { items: found, next: from };
}

/**
 * A geohash cell still to read (from `start` where part of it has been), the nearest it can be, and the
 * length it is split to unread before it is read (`depth`: part of a cell a read found dense).
 */
interface UnreadCell {
  hash: string;
  minKm: number;
  start?: Item;
  depth?: number;
}

/** Items one read of a cell takes: a dense cell is read a slice at a time, so one read stays short. */
const CELL_READ_LIMIT = 25;
/**
 * Cells read in parallel before checking whether the page is settled. Three, measured (docs/performance.md):
 * a 5 km search at 10,000 took the same three rounds of reads as with four but 9 Queries and 119 items
 * against 12 and 158; two took a fourth round, which costs more in AWS than the items it saves.
 */
const CELLS_AT_ONCE = 3;
/** Reads one request makes at most before answering what is settled (beyond the cursor's distance). */
const MAX_CELL_READS = 24;

// A cell's keys are those from its hash to its hash and '~' (after every geohash digit and '#'): the same
// as begins_with, but DynamoDB Local reads a begins_with condition through the whole partition (45 ms
// a Query against 9 for the range, 40,000 opportunities in one partition), so the range keeps the
// local figures about what DynamoDB's would be.
const readCell = (cell: UnreadCell) =>
  db.send(
    new QueryCommand({
      TableName: cityTable.name,
      IndexName: 'gsi2',
      KeyConditionExpression: cell.hash.length > GEO_PARTITION_CHARS ? 'gsi2pk = :pk AND gsi2sk BETWEEN :cell AND :end' : 'gsi2pk = :pk',
      ExpressionAttributeValues: {
        ':pk': `GEO#${cell.hash.slice(0, GEO_PARTITION_CHARS)}`,
        ...(cell.hash.length > GEO_PARTITION_CHARS ? { ':cell': cell.hash, ':end': `${cell.hash}~` } : {}),
      },
      Limit: CELL_READ_LIMIT,
      ExclusiveStartKey: cell.start,
    }),
  );

interface Candidate {
  found: Found;
  d: number;
  id: string;
}
const before = (a: { d: number; id: string }, b: { d: number; id: string }) => a.d < b.d || (a.d === b.d && a.id < b.id);
const byDistance = (a: Candidate, b: Candidate) => (before(a, b) ? -1 : before(b, a) ? 1 : 0);

/** Nearest first: a small partition of the search's filter answers it whole, else the geohash cells are read. */
async function searchNearest(search: Search, limit: number, start: Item | undefined, now: Date): Promise<KeyPage<Found>> {
  const after = start ? { d: Number(start.d), id: String(start.id) } : undefined;
  return (await nearestInSmallPartition(search, limit, after, now)) ?? searchNearestCells(search, limit, after, now);
}

/** Cards one read of a filter's partition takes: when they are all it holds, they answer a nearest search. */
const SMALL_PARTITION = 100;

/**
 * A nearest search with a filter that has its own partition (a provider, a skill, a word, a badge
 * class) reads that partition first, up to SMALL_PARTITION cards: when that is all of it (a provider's
 * few, a skill in a city of hundreds), the cards are the whole answer, sorted by distance exactly as the
 * cells would give them, in one Query; the cursor is the same (distance, id), so a partition that grows
 * past the read between two pages goes on in the cells. Else undefined, and the cells are read: a
 * sparse filter there can take several short pages (each at most MAX_CELL_READS reads past its cursor).
 */
async function nearestInSmallPartition(search: Search, limit: number, after: { d: number; id: string } | undefined, now: Date): Promise<KeyPage<Found> | undefined> {
  const filter = filterPartition(search);
  if (!filter) return undefined;
  const { low, high } = startRange(search, now);
  const page = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      IndexName: filter.index,
      KeyConditionExpression: `${filter.index}pk = :pk AND ${filter.index}sk BETWEEN :low AND :high`,
      ExpressionAttributeValues: { ':pk': filter.partition, ':low': low, ':high': high },
      Limit: SMALL_PARTITION,
    }),
  );
  if (page.LastEvaluatedKey) return undefined;
  const candidates = (page.Items ?? [])
    .map(cardOfItem)
    .filter((card) => matches(card, search, now))
    .map((card) => {
      const found = withDistance(card, search);
      return { found, d: found.distanceKm!, id: card.id };
    })
    .filter((entry) => !after || before(after, entry))
    .sort(byDistance);
  const items = candidates.slice(0, limit);
  const last = items[items.length - 1];
  return candidates.length > limit ? { items: items.map((c) => c.found), next: { d: last!.d, id: last!.id } } : { items: items.map((c) => c.found) };
}

/**
 * Nearest first, a best-first k-nearest search: the geohash cells covering the radius wait in order of
 * the nearest they can be, and the nearest few are read, CELL_READ_LIMIT items each; a cell with more
 * goes back in line as its unread sub-cells, each bounded by its own nearest; the one the read stopped in
 * is split unread to the depth the read shows it needs (splitDepth: two levels where one would still be
 * full), so a dense place is not read again at every geohash level, and the others wait as they are (the
 * density the read saw is where it stopped, not in the rest of the cell). A match nearer than every
 * unread cell can be is settled; the page is done once `limit` matches are. The cursor is the last
 * (distance, id) given out, and the next page skips the cells wholly nearer than it. After MAX_CELL_READS
 * reads of cells wholly past the cursor's distance (so that every answer moves on by as much) a short
 * page answers what is settled, and its cursor is the distance everything nearer has been given out to.
 */
async function searchNearestCells(search: Search, limit: number, after: { d: number; id: string } | undefined, now: Date): Promise<KeyPage<Found>> {
  const near = search.near!;
  // Cells wholly nearer than the cursor hold only what earlier pages gave out.
  const radiusKm = search.radiusKm ?? DEFAULT_RADIUS_KM;
  const wanted = (cell: { minKm: number; maxKm: number }) => cell.minKm <= radiusKm && (!after || cell.maxKm >= after.d);
  const unread: UnreadCell[] = coveringCells(near, radiusKm).filter(wanted);
  const wait = (cell: UnreadCell) => {
    const at = unread.findIndex((other) => other.minKm > cell.minKm);
    unread.splice(at < 0 ? unread.length : at, 0, cell);
  };
  /** The rest of `cell` from `lastKey` (all of it without), as sub-cells waiting their turn. */
  const waitAsParts = (cell: string, lastKey: Item | undefined, depth: number) => {
    for (const part of restOfCell(near, cell, lastKey && String(lastKey.gsi2sk))) {
      if (wanted(part)) wait({ hash: part.hash, minKm: part.minKm, ...(part.holdsLast ? { start: lastKey, depth } : {}) });
    }
  };
  /** The nearest cells to read next; those to be split first are split (and wait again) on the way. */
  const nextBatch = () => {
    const batch: UnreadCell[] = [];
    while (batch.length < CELLS_AT_ONCE && unread.length) {
      const cell = unread.shift()!;
      if (cell.hash.length < (cell.depth ?? 0)) waitAsParts(cell.hash, cell.start, cell.depth!);
      else batch.push(cell);
    }
    return batch;
  };
  const candidates: Candidate[] = [];
  const bound = () => unread[0]?.minKm ?? Number.POSITIVE_INFINITY;
  const settled = () => candidates.filter((c) => c.d < bound()).length;
  // Only reads of cells wholly past the cursor's distance count against the cap: those across it are
  // read again for what lies beyond the cursor in them, and a page whose cap they took moved the cursor
  // one cell at a time (a sparse match 2 km past 500 others took over 100 pages).
  for (let reads = 0; unread.length && settled() < limit; ) {
    if (reads >= MAX_CELL_READS && bound() > (after?.d ?? -1)) break;
    const batch = nextBatch();
    reads += batch.filter((cell) => !after || cell.minKm >= after.d).length;
    const pages = await Promise.all(batch.map(readCell));
    pages.forEach((page, i) => {
      for (const item of page.Items ?? []) {
        const card = cardOfItem(item);
        if (!matches(card, search, now)) continue;
        const found = withDistance(card, search);
        const entry = { found, d: found.distanceKm!, id: card.id };
        if (!after || before(after, entry)) candidates.push(entry);
      }
      if (!page.LastEvaluatedKey) return;
      // The rest of a full cell waits as its sub-cells, so that only those near enough are read.
      const cell = batch[i]!;
      const depth = splitDepth(cell.hash, cell.start && String(cell.start.gsi2sk), String(page.LastEvaluatedKey.gsi2sk));
      waitAsParts(cell.hash, page.LastEvaluatedKey, depth);
    });
  }
  candidates.sort(byDistance);
  const limitKm = bound();
  const page = candidates.filter((c) => c.d < limitKm).slice(0, limit);
  const items = page.map((c) => c.found);
  if (candidates.length === page.length && !unread.length) return { items };
  const last = page[page.length - 1];
  if (page.length === limit) return { items, next: { d: last!.d, id: last!.id } };
  // Stopped by MAX_CELL_READS: everything nearer than the unread cells has been given out.
  return { items, next: { d: limitKm, id: '' } };
}

/** One page of search results; `start` is the position the previous page's cursor held. */
export function searchOpportunities(search: Search, limit: number, start: Item | undefined, now: Date): Promise<KeyPage<Found>> {
  return search.sort === 'nearest' ? searchNearest(search, limit, start, now) : searchSoonest(search, limit, start, now);
}

// ---- The change feed (RPDE) -----------------------------------------------------------------------

/** Opportunities in (modified, id) order after the given position, oldest change first. */
export async function readFeed(after: { modified: number; id: string } | undefined, limit: number, until: number): Promise<Opportunity[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :after AND :until',
      ExpressionAttributeValues: { ':pk': 'OPPS#FEED', ':after': after ? `${feedKey(after.modified, after.id)}#` : '0', ':until': `${feedKey(until, '')}` },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => OpportunitySchema.parse(item));
}
