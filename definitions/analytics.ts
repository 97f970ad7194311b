// Ad-hoc analysis of a city's table: what the stack exports to S3 each night (DynamoDB's own
// point-in-time export, DynamoDB JSON) and the Glue table Athena reads it through
// (lib/constructs/city-analytics.ts, docs/insights-analysis.md). Pure data, shared by the construct and
// its tests.

/** Where the exports go in the analytics bucket: `exports/<YYYY-MM-DD>/AWSDynamoDB/<exportId>/data/`. */
export const EXPORTS_PREFIX = 'exports/';
/** Athena's query results (the workgroup's output location). */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';
/**
 * Days an export is kept. Short, because an export is a copy of the table: a learner's account deleted
 * today is gone from the table now and from the last export within this many days, within the month a
 * data subject's erasure request allows (UK GDPR Article 12(3)); PITR keeps the table's own 35 days.
 */
export const EXPORT_RETENTION_DAYS = 30;
/** Days Athena's query results are kept. */
export const ATHENA_RESULTS_RETENTION_DAYS = 30;
/** A query that would scan more than this is cancelled by the workgroup (Athena bills $5 per TB scanned). */
export const ATHENA_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 3;
/** Nightly, when the city is quietest (UTC). An export reads the PITR backup, not the table: no capacity is used. */
export const EXPORT_SCHEDULE = { hour: '3', minute: '15' } as const;

/** The name of the Glue database (and Athena's "schema") of a city: `city_<id>`, as Athena names may hold no `-`. */
export const analyticsDatabaseName = (cityId: string) => `city_${cityId.replaceAll('-', '_')}`;
export const ANALYTICS_TABLE_NAME = 'items';

/**
 * The attributes the Glue table shows, each as DynamoDB JSON types it (`{"S": "..."}`, `{"N": "12"}`: a number is a string, cast it in SQL).
 * Only these can be selected in Athena; the export holds every attribute of every item (see
 * docs/insights-analysis.md for what those are). None of them is personal data: ids are random, the
 * learner's side of keys is a keyed hash (recipient HMACs), and names and addresses are kept sealed,
 * which these columns leave out anyway.
 */
export const ANALYTICS_ATTRIBUTES = {
  // The item's keys: the entity is the first part of pk (`AWARD#…`, `OPPORTUNITY#…`, `DEMAND#…`).
  pk: 'S',
  sk: 'S',
  gsi1pk: 'S',
  gsi1sk: 'S',
  // Awards (pk AWARD#<id>, sk AWARD).
  badgeClassId: 'S',
  badgeClassVersion: 'N',
  issuerId: 'S',
  issuedOn: 'S',
  expires: 'S',
  createdAt: 'S',
  updatedAt: 'S',
  // Badge classes, opportunities, pathways: what they are and where they stand.
  id: 'S',
  name: 'S',
  status: 'S',
  kind: 'S',
  providerId: 'S',
  startsAt: 'S',
  endsAt: 'S',
  // Uploaded labour-market demand (pk DEMAND for the sets, DEMAND#<generation> for their cells).
  period: 'S',
  source: 'S',
  skillId: 'S',
  area: 'S',
  demand: 'N',
  generation: 'S',
} as const satisfies Record<string, 'S' | 'N'>;

/** The Glue type of the one column, `item`: a struct of DynamoDB JSON's typed values (the JSON SerDe matches names case-insensitively). */
export const itemColumnType = () =>
  `struct<${Object.entries(ANALYTICS_ATTRIBUTES)
    .map(([name, type]) => `${name.toLowerCase()}:struct<${type.toLowerCase()}:string>`)
    .join(',')}>`;
