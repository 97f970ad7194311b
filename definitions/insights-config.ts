// Insights' settings (the config's `insights`): its areas and the disclosure rules, read by the
// insights functions; apart from the city config so that they do not build its whole schema.
import * as z from 'zod/mini';
import { text, httpsUrl } from './config-fields';

/** A GeoJSON position: [longitude, latitude] (RFC 7946). */
const position = z.tuple([z.number().check(z.minimum(-180), z.maximum(180)), z.number().check(z.minimum(-90), z.maximum(90))]);
/** A linear ring (RFC 7946, 3.1.6): at least four positions, the last the same as the first. */
const ring = z
  .array(position)
  .check(
    z.minLength(4, 'a ring needs at least four positions'),
    z.maxLength(5000),
    z.refine((r) => r.length === 0 || (r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1]), 'a ring must end where it starts'),
  );
const polygon = z.array(ring).check(z.minLength(1), z.maxLength(50));
export const AreaGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygon }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).check(z.minLength(1), z.maxLength(100)) }),
]);

/** A postcode district (the outward code), as learners' accounts and venues' postcodes give it. */
const district = z.string().check(z.regex(/^[A-Z]{1,2}[0-9][0-9A-Z]?$/, 'must be a postcode district like B15 (the outward code, upper case)'));

export const InsightsAreaSchema = z.object({
  /** A stable code (a ward or LSOA-style code, or the city's own): it names the area in every URL and file. */
  code: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,19}$/, 'must be 1-20 of A-Z, a-z, 0-9 and -')),
  name: text(80),
  /** The postcode districts that count as this area: learners' areas and venues' postcodes. */
  postcodeDistricts: z.array(district).check(z.maxLength(200)),
  /** Its boundary, GeoJSON (longitude, latitude): drawn on the dashboard's map, and where a venue without a known district falls. */
  boundary: AreaGeometrySchema,
});
export type InsightsArea = z.infer<typeof InsightsAreaSchema>;

export const OGL_V3 = { name: 'Open Government Licence v3.0', url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/' } as const;

/**
 * Insights: the areas the city counts learning by, and how its figures are made safe to publish
 * (functions/domain/disclosure.ts). Safe by default: rounded to 5, cells under 10 withheld, the public
 * page off until the city turns it on.
 */
export const InsightsConfigSchema = z
  .object({
    areas: z._default(z.array(InsightsAreaSchema).check(z.maxLength(500)), []),
    disclosure: z._default(
      z
        .object({
          roundTo: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100)), 5),
          threshold: z._default(z.number().check(z.int(), z.minimum(3), z.maximum(1000)), 10),
          minimumPercentageBase: z._default(z.number().check(z.int(), z.minimum(10), z.maximum(10000)), 25),
        })
        .check(z.refine((d) => d.minimumPercentageBase >= d.threshold, { path: ['minimumPercentageBase'], message: 'must be at least the threshold' })),
      { roundTo: 5, threshold: 10, minimumPercentageBase: 25 },
    ),
    /** The licence of the published figures (open data files, the public page). */
    licence: z._default(z.object({ name: text(120), url: httpsUrl }), { ...OGL_V3 }),
    /** The public "state of learning in the city" page: off until the city decides to publish it. */
    publicPage: z._default(z.boolean(), false),
  })
  .check(
    z.superRefine((insights, ctx) => {
      const codes = new Set<string>();
      const districts = new Map<string, string>();
      insights.areas.forEach((area, index) => {
        if (codes.has(area.code)) ctx.addIssue({ code: 'custom', path: ['areas', index, 'code'], message: `duplicate area code "${area.code}"` });
        codes.add(area.code);
        area.postcodeDistricts.forEach((d, i) => {
          const other = districts.get(d);
          if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['areas', index, 'postcodeDistricts', i], message: `"${d}" is in area "${other}" already` });
          districts.set(d, area.code);
        });
      });
    }),
  );
export type InsightsConfig = z.infer<typeof InsightsConfigSchema>;
