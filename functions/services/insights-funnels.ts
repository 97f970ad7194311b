// The funnels of insights: counting page views and booking clicks as people make them, and the
// published funnel tables per opportunity and per pathway (page views → bookings → claims → badges
// earned → milestones → destinations). Views and clicks are counted on the request (one UpdateItem
// ADD per period, functions/data/insights.ts), claims and awards by the insights consumer; the tables
// read the period's counters already read for the dashboard, plus one GetItem per opportunity or
// pathway shown (at most FUNNEL_ROWS of each), and publish only through disclosure.ts.
import { addPageEvent } from '../data/insights';
import { getOpportunity } from '../data/opportunities';
import { getPathway } from '../data/pathways';
import type { DisclosureRule } from '../domain/disclosure';
import type { Counts, FigureTable, Filter, Row } from '../domain/insights-figures';
import { funnelTable, funnelValue, isRobot, pageEventAdds, parseFunnelValue, randomShard, type FunnelPage } from '../domain/insights-funnels';
import { badgeClassesOf } from '../domain/pathway-rules';
import { logger } from '../http/logger';

/** Opportunities and pathways shown in a funnel table: the most viewed in the period. */
export const FUNNEL_ROWS = 10;

/** Who opened a page, as far as its funnel cares: their browser's User-Agent (robots are not counted) and when. */
export interface PageViewer {
  userAgent: string | undefined;
  at: Date;
}

/**
 * Counts one view of a page (or one booking click) by a person: robots by User-Agent are not
 * counted. A failure to count is logged and never fails the page: a lost view is a smaller harm than
 * a page that does not answer.
 */
export async function countPageEvent(measure: 'views' | 'bookings', page: FunnelPage, owner: string | undefined, id: string, userAgent: string | undefined, now: Date): Promise<void> {
  if (isRobot(userAgent)) return;
  try {
    await addPageEvent(pageEventAdds(measure, page, funnelValue(owner, id), now, randomShard()));
  } catch (error) {
    logger.warn('a page view was not counted', { page, id, error: (error as Error).name });
  }
}

/** Views and clicks are of everyone, in no area or age band: read whole, whatever the filter. */
const EVERYONE: Filter = {};

/** The values of a page's cells this period, most viewed first, within the audience. */
function topPages(counts: Counts, page: FunnelPage, owner: string | undefined): { value: string; id: string }[] {
  const values = new Set([...counts.values('views', page), ...(page === 'opportunity' ? counts.values('bookings', page) : [])]);
  return [...values]
    .map((value) => ({ value, parsed: parseFunnelValue(value) }))
    .filter((v): v is { value: string; parsed: { owner: string; id: string } } => v.parsed !== undefined && (owner === undefined || v.parsed.owner === owner))
    .map(({ value, parsed }) => ({ value, id: parsed.id, views: counts.get('views', page, value, EVERYONE) }))
    .sort((a, b) => b.views - a.views || a.id.localeCompare(b.id))
    .slice(0, FUNNEL_ROWS);
}

const sumBy = (counts: Counts, measure: 'awards' | 'claims' | 'consentedAwards', classes: readonly string[], filter: Filter) =>
  classes.reduce((n, id) => n + counts.get(measure, 'badge', id, measure === 'claims' ? EVERYONE : filter), 0);

/**
 * The funnel tables of a period: one row per opportunity and per pathway most viewed in it (a
 * provider's own only, when `owner` is given). `counts` is the period's counters, read already.
 */
export async function funnelTables(counts: Counts, filter: Filter, owner: string | undefined, when: string, rule: DisclosureRule): Promise<FigureTable[]> {
  const opportunityPages = topPages(counts, 'opportunity', owner);
  const pathwayPages = topPages(counts, 'pathway', owner);
  const [opportunities, pathways] = await Promise.all([
    Promise.all(opportunityPages.map(async (p) => ({ ...p, found: (await getOpportunity(p.id))?.opportunity }))),
    Promise.all(pathwayPages.map(async (p) => ({ ...p, found: (await getPathway(p.id))?.pathway }))),
  ]);
  const destinations = await Promise.all(
    pathways.map(async (p) => {
      const destination = p.found?.published?.destination;
      return destination?.type === 'opportunity' ? ((await getOpportunity(destination.opportunityId))?.opportunity.badgeClassIds ?? []) : [];
    }),
  );

  const opportunityRows: Row[] = opportunities.map((o) => ({ key: o.value, label: o.found?.title ?? o.id }));
  const classesOf = new Map(opportunities.map((o) => [o.value, o.found?.badgeClassIds ?? []]));
  const byOpportunity = funnelTable(
    {
      id: 'funnel-opportunities',
      title: `From an opportunity's page to its badge, ${when}`,
      note: `The ${FUNNEL_ROWS} opportunities whose pages people viewed most. Page views and booking clicks are of everyone (robots left out) and are not by area or age; claims are uses of claim codes for the badges the opportunity awards; badges earned are of those badges, however they were earned, within the filters.`,
      rowHeader: 'Opportunity',
      rows: opportunityRows,
      steps: [
        { key: 'views', label: 'Page views', count: (row) => counts.get('views', 'opportunity', row.key, EVERYONE) },
        { key: 'bookings', label: 'Booking clicks', count: (row) => counts.get('bookings', 'opportunity', row.key, EVERYONE) },
        { key: 'claims', label: 'Claims', count: (row) => sumBy(counts, 'claims', classesOf.get(row.key)!, filter) },
        { key: 'awards', label: 'Badges earned', count: (row) => sumBy(counts, 'awards', classesOf.get(row.key)!, filter) },
      ],
    },
    rule,
  );

  const pathwayRows: Row[] = pathways.map((p) => ({ key: p.value, label: p.found?.published?.name ?? p.id }));
  const version = new Map(pathways.map((p, i) => [p.value, { steps: p.found?.published ? badgeClassesOf(p.found.published.rule) : [], milestone: p.found?.published?.milestoneBadgeClassId, destination: destinations[i]! }]));
  const byPathway = funnelTable(
    {
      id: 'funnel-pathways',
      title: `From a pathway's page to its destination, ${when}`,
      note: `The ${FUNNEL_ROWS} pathways whose pages people viewed most. Page views are of everyone (robots left out), not by area or age. Step badges earned are awards of the badges of the pathway's steps; destinations reached are badges of the destination opportunity earned by learners who agreed to be counted, so they are fewer than all who went on.`,
      rowHeader: 'Pathway',
      rows: pathwayRows,
      steps: [
        { key: 'views', label: 'Page views', count: (row) => counts.get('views', 'pathway', row.key, EVERYONE) },
        { key: 'step-awards', label: 'Step badges earned', count: (row) => sumBy(counts, 'awards', version.get(row.key)!.steps, filter) },
        { key: 'milestones', label: 'Milestones reached', count: (row) => (version.get(row.key)!.milestone ? counts.get('milestones', 'pathway', version.get(row.key)!.milestone!, filter) : 0) },
        { key: 'destinations', label: 'Destinations reached', count: (row) => sumBy(counts, 'consentedAwards', version.get(row.key)!.destination, filter) },
      ],
    },
    rule,
  );
  return [byOpportunity, byPathway];
}
