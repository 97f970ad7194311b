// What the portal's routes take and answer.
import * as z from 'zod/mini';
import { HtmlPage, type GroupContract } from '../http/contract';

export const ASSET_NAMES = ['leaflet.js', 'leaflet.css', 'opportunity-map.js'] as const;
export type AssetName = (typeof ASSET_NAMES)[number];

export const HomeLinksSchema = z
  .object({
    name: z.string(),
    links: z.object({ opportunities: z.url(), skills: z.url(), feed: z.url(), api: z.url() }),
  })
  .check(z.meta({ id: 'CityHome', description: "The city's home for machines: where its directory, spine, open data and API are" }));

export const contract = {
  'GET /': {
    response: { status: 200, description: "The home page for browsers (Accept: text/html); the city's links otherwise", content: { 'text/html': HtmlPage, 'application/json': HomeLinksSchema } },
  },
  'GET /assets/{asset}': {
    params: z.object({ asset: z.enum(ASSET_NAMES) }),
    response: { status: 200, description: 'The script or stylesheet (cached for a day)', content: { 'text/javascript': z.string(), 'text/css': z.string() } },
  },
} satisfies GroupContract<'portal'>;
