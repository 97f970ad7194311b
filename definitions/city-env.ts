// The city's identity as every Lambda sees it. `cityEnvironment` is what the CDK stack and the local
// server both set; `readCity` is how handlers read it back (once, at module scope).
import * as z from 'zod/mini';
import type { CityConfig } from './city-config';
import { PortalConfigSchema, type PortalConfig } from './portal-config';

export const BrandingSchema = z.object({
  displayName: z.string(),
  tagline: z.optional(z.string()),
  primaryColour: z.string(),
  secondaryColour: z.string(),
  logoUrl: z.optional(z.string()),
});

const CityEnvSchema = z.object({
  CITY_ID: z.string().check(z.minLength(1)),
  CITY_NAME: z.string().check(z.minLength(1)),
  /** Where the city's public URLs live: the custom domain, the CloudFront domain, or localhost. */
  PUBLIC_BASE_URL: z.url(),
  CITY_BRANDING: z.pipe(
    z.string(),
    z.transform((s) => JSON.parse(s) as unknown),
  ),
  EARLIEST_ISSUED_ON: z._default(z.iso.date(), '1970-01-01'),
  /** The portal's settings; absent in environments made before the portal (its defaults then). */
  CITY_PORTAL: z.optional(
    z.pipe(
      z.string(),
      z.transform((s) => JSON.parse(s) as unknown),
    ),
  ),
});

export interface City {
  id: string;
  name: string;
  baseUrl: string;
  branding: z.infer<typeof BrandingSchema>;
  /** The earliest issuedOn an award may carry (city config `awards.earliestIssuedOn`). */
  earliestIssuedOn: string;
  portal: PortalConfig;
}

export function cityEnvironment(config: CityConfig, publicBaseUrl: string): Record<string, string> {
  return {
    CITY_ID: config.id,
    CITY_NAME: config.name,
    PUBLIC_BASE_URL: publicBaseUrl,
    CITY_BRANDING: JSON.stringify(config.branding),
    EARLIEST_ISSUED_ON: config.awards.earliestIssuedOn,
    CITY_PORTAL: JSON.stringify(config.portal),
    POWERTOOLS_SERVICE_NAME: `city-${config.id}`,
    ...(config.verify.allowedPorts.length ? { [VERIFY_ALLOWED_PORTS_ENV]: config.verify.allowedPorts.join(',') } : {}),
  };
}

/** The city config's verify.allowedPorts, comma-separated; absent when there are none. */
export const VERIFY_ALLOWED_PORTS_ENV = 'VERIFY_ALLOWED_PORTS';

export function readCity(env: NodeJS.ProcessEnv = process.env): City {
  const parsed = CityEnvSchema.parse(env);
  return {
    id: parsed.CITY_ID,
    name: parsed.CITY_NAME,
    baseUrl: parsed.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    branding: BrandingSchema.parse(parsed.CITY_BRANDING),
    earliestIssuedOn: parsed.EARLIEST_ISSUED_ON,
    portal: PortalConfigSchema.parse(parsed.CITY_PORTAL ?? {}),
  };
}
