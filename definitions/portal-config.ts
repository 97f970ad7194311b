// The portal's settings (the config's `portal`), which every Lambda reads from its environment
// (definitions/city-env.ts): apart from the city config so that no cold start builds that whole schema.
import * as z from 'zod/mini';
import { text, httpsUrl } from './config-fields';

/** The portal: what the home page says, what it features, the map's tiles and the open data licence. */
export const PortalConfigSchema = z.object({
  /** What this City of Learning is, in a few sentences, for the home page. */
  about: z.optional(text(1500)),
  /** Opportunity ids the home page features (those still listed are shown). */
  featured: z._default(z.array(z.string().check(z.regex(/^[a-z2-7]{16}$/, 'must be an opportunity id'))).check(z.maxLength(12)), []),
  map: z._default(
    z.object({
      /** A tile URL template like https://tiles.example.org/{z}/{x}/{y}.png; without one the map shows pins alone. */
      tilesUrl: z.optional(z.url({ protocol: /^https$/, error: 'must be an https:// URL template with {z}, {x} and {y}' }).check(z.regex(/\{z\}.*\{x\}.*\{y\}|\{z\}.*\{y\}.*\{x\}/, 'must contain {z}, {x} and {y}'))),
      /** Required with tiles: the tiles' attribution, as the tile provider asks for it (plain text). */
      attribution: z.optional(text(300)),
      /** Where the map opens when there are no pins, and the default for "near me" searches. */
      centre: z._default(z.object({ lat: z.number().check(z.minimum(-90), z.maximum(90)), lng: z.number().check(z.minimum(-180), z.maximum(180)) }), { lat: 52.4797, lng: -1.9027 }),
    }).check(z.refine((m) => !m.tilesUrl || m.attribution, { path: ['attribution'], message: 'is required when tilesUrl is set' })),
    { centre: { lat: 52.4797, lng: -1.9027 } },
  ),
  /** Named places of the city to search near (neighbourhoods, town centres), for the search form. */
  places: z._default(
    z.array(z.object({ name: text(80), lat: z.number().check(z.minimum(-90), z.maximum(90)), lng: z.number().check(z.minimum(-180), z.maximum(180)) })).check(z.maxLength(50)),
    [],
  ),
  /** The licence of the open data feed (its URL). */
  dataLicence: z._default(httpsUrl, 'https://creativecommons.org/licenses/by/4.0/'),
});
export type PortalConfig = z.infer<typeof PortalConfigSchema>;
