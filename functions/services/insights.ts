// The insights figures for the dashboard, the open data files and the public page: a bounded number of
// reads of pre-aggregated counters (docs/data-model.md, insights: 8 Queries per period, 16 more for each
// of the twelve months of the trend (its two cells' prefixes), 1 for supply now, the config, the spine and the names of the
// providers and milestones shown, and for the funnels at most 30 GetItems: functions/services/insights-funnels.ts),
// then tables protected by disclosure.ts. Nothing here reads a learner.
import { getBadgeClass } from '../data/badge-classes';
import { getInsightsConfig, readCounters } from '../data/insights';
import { getProvider } from '../data/providers';
import { getSpine } from '../data/skills';
import { funnelTables } from './insights-funnels';
import type { Principal } from '../domain/api-keys';
import { DomainError, invalid } from '../domain/errors';
import { uploadedDemand as readUploadedDemand } from '../data/labour-market';
import { ageRows, Counts, figureTable, UNKNOWN_AREA_LABEL, type FigureTable, type Filter, type Row } from '../domain/insights-figures';
import { MEASURES, monthsFor, NOW, periodName, UNKNOWN_AREA, type AgeCell, type Period } from '../domain/insights';
import type { InsightsConfig } from '../../definitions/insights-config';

export interface InsightsQuery {
  period: Period;
  area?: string;
  age?: AgeCell;
}

/** Who the figures are for: the whole city (a city admin, the public), or one provider's own reach. */
export type Audience = { kind: 'city' } | { kind: 'provider'; providerId: string };

export interface InsightsView {
  query: InsightsQuery;
  audience: Audience;
  config: InsightsConfig;
  /** The areas with their names, for the map and the filter. */
  areas: Row[];
  /** Figures of the map: badges earned by area. */
  byArea: FigureTable;
  tables: FigureTable[];
}

/**
 * Demand per skill from the labour-market files a city admin uploaded (functions/data/labour-market.ts),
 * added to the directory's own: each source's latest period, in the filter's area. Employers' demand is
 * not by learners' age, so an age filter leaves it whole.
 */
async function uploadedDemandBySkill(filter: Filter): Promise<Map<string, number>> {
  const figures = await readUploadedDemand(filter.area ? { area: filter.area } : {});
  const latest = new Map<string, string>();
  for (const { source, period } of figures) if ((latest.get(source) ?? '') < period) latest.set(source, period);
  const bySkill = new Map<string, number>();
  for (const figure of figures) if (latest.get(figure.source) === figure.period) bySkill.set(figure.skillId, (bySkill.get(figure.skillId) ?? 0) + figure.demand);
  return bySkill;
}

/** The city's insights config (areas, disclosure rule, licence, public page), as last deployed. */
export const insightsConfig = () => getInsightsConfig();

export function audienceOf(principal: Principal): Audience {
  if (principal.role === 'city-admin') return { kind: 'city' };
  if (!principal.providerId) throw new DomainError('forbidden', 'this key acts for no provider');
  return { kind: 'provider', providerId: principal.providerId };
}

export async function insightsView(query: InsightsQuery, audience: Audience, now: Date): Promise<InsightsView> {
  const config = await getInsightsConfig();
  if (query.area !== undefined && query.area !== UNKNOWN_AREA && !config.areas.some((a) => a.code === query.area)) {
    throw invalid([{ in: 'query', field: 'area', detail: 'is not an area of the city' }]);
  }
  const months = monthsFor(query.period, now);
  // A provider sees its own awards only: every figure is read through its provider cell.
  const own = audience.kind === 'provider' ? (['provider', audience.providerId] as const) : (['total', 'all'] as const);
  // The trend shows one line of each month: only its awards and learners cells are read.
  const trendCells = (['awards', 'learners'] as const).map((measure) => `${MEASURES[measure]}|${own[0]}|${own[1]}|`);
  const [period, supply, spine, ...trend] = await Promise.all([readCounters(query.period), readCounters(NOW), getSpine(), ...months.map((m) => readCounters(m, trendCells))]);
  const counts = new Counts(period);
  const now_ = new Counts(supply);
  const rule = config.disclosure;
  const filter: Filter = { ...(query.area ? { area: query.area } : {}), ...(query.age ? { age: query.age } : {}) };
  const areas: Row[] = [...config.areas.map((a) => ({ key: a.code, label: a.name })), { key: UNKNOWN_AREA, label: UNKNOWN_AREA_LABEL }];
  const when = periodName(query.period);

  const byArea = figureTable(
    {
      id: 'by-area',
      title: `Badges earned by area, ${when}`,
      rowHeader: 'Area',
      rows: areas,
      columns: [
        { key: 'awards', label: 'Badges earned', count: (row) => counts.get('awards', own[0], own[1], { ...filter, area: row.key }) },
        { key: 'learners', label: 'Learners', count: (row) => counts.get('learners', own[0], own[1], { ...filter, area: row.key }) },
      ],
    },
    rule,
  );

  const byAge = figureTable(
    {
      id: 'by-age',
      title: `Badges earned by age band, ${when}`,
      rowHeader: 'Age band',
      rows: ageRows(),
      columns: [
        { key: 'awards', label: 'Badges earned', count: (row) => counts.get('awards', own[0], own[1], { ...filter, age: row.key as AgeCell }) },
        { key: 'learners', label: 'Learners', count: (row) => counts.get('learners', own[0], own[1], { ...filter, age: row.key as AgeCell }) },
      ],
    },
    rule,
  );

  const trendCounts = trend.map((t) => new Counts(t));
  const monthRows: Row[] = months.map((m) => ({ key: m, label: periodName(m) }));
  const byMonth = figureTable(
    {
      id: 'by-month',
      title: 'Badges earned month by month',
      note: 'The twelve months up to the one chosen (or this month). Learners are counted once in each month they earned a badge in, so months do not add up to a year.',
      rowHeader: 'Month',
      rows: monthRows,
      columns: [
        { key: 'awards', label: 'Badges earned', count: (row) => trendCounts[months.indexOf(row.key as Period)]!.get('awards', own[0], own[1], filter) },
        { key: 'learners', label: 'Learners', count: (row) => trendCounts[months.indexOf(row.key as Period)]!.get('learners', own[0], own[1], filter) },
      ],
    },
    rule,
  );

  if (audience.kind === 'provider') return { query, audience, config, areas, byArea, tables: [byAge, byMonth, ...(await funnelTables(counts, filter, audience.providerId, when, rule))] };

  const skills: Row[] = spine.skills.filter((s) => !s.retired).map((s) => ({ key: s.id, label: s.name }));
  const bySkill = figureTable(
    {
      id: 'by-skill',
      title: `Skills gained, ${when}`,
      note: 'A badge that names two skills counts once for each, so the rows overlap and their sum is more than the badges earned.',
      rowHeader: 'Skill',
      rows: skills,
      columns: [
        { key: 'awards', label: 'Badges earned', count: (row) => counts.get('awards', 'skill', row.key, filter) },
        { key: 'learners', label: 'Learners', count: (row) => counts.get('learners', 'skill', row.key, filter) },
      ],
    },
    rule,
  );

  const uploaded = await uploadedDemandBySkill(filter);
  const supplyDemand = figureTable(
    {
      id: 'supply-demand',
      title: 'What is on offer against what employers ask for, now',
      note:
        'Opportunities listed in the directory now, by the skills they build, against the skills named by listed jobs, apprenticeships and work-experience placements' +
        " and by the labour-market figures the city uploaded (each source's latest period)" +
        '. An opportunity open to several age bands counts once. These count public listings, not people: they are exact, neither rounded nor withheld.',
      rowHeader: 'Skill',
      rows: skills,
      columns: [
        { key: 'opportunities', label: 'Opportunities', count: (row) => now_.get('opportunities', 'skill', row.key, filter), listings: true },
        { key: 'places', label: 'Places', count: (row) => now_.get('places', 'skill', row.key, filter), listings: true },
        { key: 'demand', label: 'Employer openings', count: (row) => now_.get('demand', 'skill', row.key, filter) + (uploaded.get(row.key) ?? 0), listings: true },
      ],
    },
    rule,
  );

  const funnel = figureTable(
    {
      id: 'funnel',
      title: `From finding an opportunity to a milestone, ${when}`,
      note: 'The whole city at a glance; each opportunity and each pathway has its own funnel below, from page views to badges, milestones and destinations.',
      rowHeader: 'Stage',
      rows: [
        { key: 'listed', label: 'Opportunities listed now' },
        { key: 'awards', label: 'Badges earned' },
        { key: 'learners', label: 'Learners who earned a badge' },
        { key: 'milestones', label: 'Pathway milestones reached' },
      ],
      columns: [
        {
          key: 'count',
          label: 'Count',
          count: (row) =>
            row.key === 'listed'
              ? now_.get('opportunities', 'total', 'all', filter)
              : row.key === 'milestones'
                ? counts.values('milestones', 'pathway').reduce((sum, p) => sum + counts.get('milestones', 'pathway', p, filter), 0)
                : counts.get(row.key as 'awards' | 'learners', 'total', 'all', filter),
        },
      ],
    },
    rule,
  );

  const providerIds = counts.values('awards', 'provider');
  const providerNames = await Promise.all(providerIds.map(async (id) => ({ key: id, label: (await getProvider(id))?.name ?? id })));
  const byProvider = figureTable(
    {
      id: 'by-provider',
      title: `Providers' reach, ${when}`,
      rowHeader: 'Provider',
      rows: providerNames.sort((a, b) => a.label.localeCompare(b.label)),
      columns: [
        { key: 'awards', label: 'Badges earned', count: (row) => counts.get('awards', 'provider', row.key, filter) },
        { key: 'learners', label: 'Learners', count: (row) => counts.get('learners', 'provider', row.key, filter) },
      ],
    },
    rule,
  );

  const pathwayIds = counts.values('milestones', 'pathway');
  const pathways = await Promise.all(pathwayIds.map(async (id) => ({ key: id, label: (await getBadgeClass(id))?.name ?? id })));
  const byPathway = figureTable(
    { id: 'by-pathway', title: `Pathway milestones, ${when}`, note: 'Each pathway named by its milestone badge.', rowHeader: 'Milestone', rows: pathways, columns: [{ key: 'milestones', label: 'Milestones reached', count: (row) => counts.get('milestones', 'pathway', row.key, filter) }] },
    rule,
  );

  const [byOpportunityFunnel, byPathwayFunnel] = await funnelTables(counts, filter, undefined, when, rule);
  return { query, audience, config, areas, byArea, tables: [bySkill, supplyDemand, byMonth, funnel, byOpportunityFunnel!, byPathwayFunnel!, byAge, byProvider, byPathway] };
}
