// The shape of one city's config file (cities/<id>.json). The CDK app validates every file at synth
// time, the local city validates the one it runs. The parts the Lambdas read at run time are modules
// of their own (skills-spine.ts, portal-config.ts, insights-config.ts), so that no function builds
// this whole schema at its cold start: only the deploy and the local city import this one.
import * as z from 'zod/mini';
import { slug, text, colour, httpsUrl, dnsName } from './config-fields';
import { InsightsConfigSchema } from './insights-config';
import { PortalConfigSchema } from './portal-config';
import { SkillsSpineSchema } from './skills-spine';

export const CityConfigSchema = z
  .object({
    id: slug,
    name: text(120),
    stage: z.enum(['production', 'dev']),
    // Only a dev city may be torn down with its data; production data is always retained.
    dataRetention: z.enum(['retain', 'destroy']),
    aws: z.optional(
      z.object({
        account: z.optional(z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit AWS account id'))),
        region: z.optional(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region like eu-west-2'))),
      }),
    ),
    customDomain: z.optional(
      z.object({
        domainName: dnsName,
        // CloudFront only accepts certificates from us-east-1.
        certificateArn: z.string().check(
          z.regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, 'must be an ACM certificate ARN in us-east-1'),
        ),
        /** A Route 53 public hosted zone that holds domainName: the stack then creates its A and AAAA alias records. */
        route53: z.optional(
          z.object({
            hostedZoneId: z.string().check(z.regex(/^Z[A-Z0-9]{1,31}$/, 'must be a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ')),
            zoneName: dnsName,
          }),
        ),
      }),
    ),
    /** Who hears about it when the city is unwell: CloudWatch alarms go to an SNS topic with this email subscribed. */
    operations: z.optional(
      z.object({
        alarmEmail: z.optional(z.email({ error: 'must be an email address' })),
      }),
    ),
    /** AWS WAF rate-based rules in front of CloudFront: requests per client IP in any 5 minutes (WAF's minimum is 10). */
    firewall: z._default(
      z.object({
        verifyRateLimit: z._default(z.number().check(z.int(), z.minimum(10), z.maximum(2_000_000_000)), 100),
        writeRateLimit: z._default(z.number().check(z.int(), z.minimum(10), z.maximum(2_000_000_000)), 1000),
        /** Claims (POST /claim/{code}) per client IP per 5 minutes: a venue's whole Wi-Fi may share one address. */
        claimRateLimit: z._default(z.number().check(z.int(), z.minimum(10), z.maximum(2_000_000_000)), 300),
        /**
         * Sign-in round trips (GET /sign-in and its callback) and address codes asked for and tried, per client
         * IP per 5 minutes, together: a class signing in at once from a school's one address fits.
         */
        signInRateLimit: z._default(z.number().check(z.int(), z.minimum(10), z.maximum(2_000_000_000)), 300),
      }),
      { verifyRateLimit: 100, writeRateLimit: 1000, claimRateLimit: 300, signInRateLimit: 300 },
    ),
    branding: z.object({
      displayName: text(120),
      tagline: z.optional(text(200)),
      primaryColour: colour,
      secondaryColour: colour,
      logoUrl: z.optional(httpsUrl),
    }),
    /** API Gateway throttling: requests per second and burst for the stage, and (stricter) per write route. */
    api: z._default(
      z.object({
        rateLimit: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10000)), 50),
        burstLimit: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(5000)), 100),
        writeRateLimit: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10000)), 10),
        writeBurstLimit: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(5000)), 20),
      }),
      { rateLimit: 50, burstLimit: 100, writeRateLimit: 10, writeBurstLimit: 20 },
    ),
    /**
     * POST /verify fetches the documents a badge names from their issuers: http(s) on the default
     * ports only, unless listed here (e.g. an issuer on :8443). Never opens an internal address.
     */
    verify: z._default(
      z.object({
        allowedPorts: z._default(z.array(z.number().check(z.int(), z.minimum(1), z.maximum(65535))).check(z.maxLength(20)), []),
      }),
      { allowedPorts: [] },
    ),
    /** Award imports (CSV files): how many workers the city's jobs may use at once, together. */
    imports: z._default(
      z.object({
        /**
         * The import worker's concurrency (SQS event source maximum concurrency; 2 is SQS's minimum). Each
         * worker signs one award in a few ms of CPU and waits on storage for the rest, so this bounds the
         * city's load on KMS and the table: ~57 rows/s per worker (docs/performance.md).
         */
        maxWorkers: z._default(z.number().check(z.int(), z.minimum(2), z.maximum(100)), 5),
      }),
      { maxWorkers: 5 },
    ),
    /** The city's outgoing mail (sign-in codes, consent requests, award notices): README, Email. */
    mail: z.optional(
      z.object({
        /** The From address; default no-reply@<customDomain.domainName>. A dev city without a domain sets a verified address here. */
        fromAddress: z.optional(z.email({ error: 'must be an email address' })),
      }),
    ),
    /** Rules every award of the city follows. */
    awards: z._default(
      z.object({
        /** No award may say it was issued before this date (UTC): a backdated typo (year 0001) is refused, not published. */
        earliestIssuedOn: z._default(z.iso.date({ error: 'must be a date like 1970-01-01' }), '1970-01-01'),
      }),
      { earliestIssuedOn: '1970-01-01' },
    ),
    /**
     * The city's signing keys, oldest first (docs/operations.md, "Signing key suspected compromised"): the
     * one `active` key signs every new credential and status list; `kept` keys sign nothing but stay in
     * every issuer profile, so that what they signed keeps verifying; a `compromised` key is published
     * nowhere (what it signed no longer verifies) and its KMS key is disabled. Never remove an entry:
     * its KMS key is retained, and the id is how the stack knows it.
     */
    signing: z._default(
      z.object({
        keys: z
          .array(
            z.object({
              id: z.string().check(z.regex(/^k[1-9][0-9]?$/, 'must be k1, k2, … (numbered in the order the keys were made)')),
              status: z.enum(['active', 'kept', 'compromised']),
            }),
          )
          .check(z.minLength(1), z.maxLength(20)),
      }),
      { keys: [{ id: 'k1', status: 'active' }] },
    ),
    skillsSpine: SkillsSpineSchema,
    insights: z._default(InsightsConfigSchema, () => InsightsConfigSchema.parse({})),
    portal: z._default(PortalConfigSchema, { featured: [], places: [], map: { centre: { lat: 52.4797, lng: -1.9027 } }, dataLicence: 'https://creativecommons.org/licenses/by/4.0/' }),
  })
  .check(
    z.refine((city) => !(city.stage === 'production' && city.dataRetention === 'destroy'), {
      path: ['dataRetention'],
      message: '"destroy" is allowed only for dev cities; a production city must use "retain"',
    }),
    // Badge URLs are signed into every credential and baked into every image, so a production city's
    // public base URL can never change: it must be the city's own domain from the first badge on.
    z.refine((city) => !(city.stage === 'production' && !city.customDomain), {
      path: ['customDomain'],
      message:
        'a production city needs its own domain before its first badge: badge URLs are signed into every credential and baked into ' +
        'every image, so the public base URL can never change (the *.cloudfront.net name would be lost with the distribution). ' +
        'Set customDomain.domainName and a us-east-1 ACM certificateArn (README: Deploy)',
    }),
    // The edge stack (WAF, CloudFront alarms) lives in us-east-1 beside the city's own region, which
    // only a stack with an explicit account and region can reference.
    z.refine((city) => !(city.stage === 'production' && !(city.aws?.account && city.aws.region)), {
      path: ['aws'],
      message: 'a production city names the account and region it lives in (aws.account and aws.region), so that its WAF in us-east-1 can be wired to it',
    }),
    z.refine((city) => !(city.stage === 'production' && !city.operations?.alarmEmail), {
      path: ['operations', 'alarmEmail'],
      message: "a production city needs someone to hear its alarms: set operations.alarmEmail (the team's shared address)",
    }),
    z.refine((city) => !city.customDomain?.route53 || `.${city.customDomain.domainName}`.endsWith(`.${city.customDomain.route53.zoneName}`), {
      path: ['customDomain', 'route53', 'zoneName'],
      message: 'must be the domain name itself or a parent of it',
    }),
    z.refine((city) => city.signing.keys.filter((key) => key.status === 'active').length === 1, {
      path: ['signing', 'keys'],
      message: 'must have exactly one key with status "active": the one that signs new credentials',
    }),
    z.refine((city) => new Set(city.signing.keys.map((key) => key.id)).size === city.signing.keys.length, {
      path: ['signing', 'keys'],
      message: 'must not list a key id twice',
    }),
    z.refine((city) => city.api.writeRateLimit <= city.api.rateLimit && city.api.writeBurstLimit <= city.api.burstLimit, {
      path: ['api'],
      message: 'write routes are throttled more strictly than the stage: writeRateLimit and writeBurstLimit must not exceed rateLimit and burstLimit',
    }),
  );

export type CityConfig = z.infer<typeof CityConfigSchema>;
export type CityConfigInput = z.input<typeof CityConfigSchema>;

export class CityConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid city config ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CityConfigError';
  }
}

const fieldPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');

/** Validates a parsed config file; `source` names the file in every error message. */
export function parseCityConfig(value: unknown, source: string): CityConfig {
  const result = CityConfigSchema.safeParse(value);
  if (!result.success) {
    throw new CityConfigError(
      source,
      result.error.issues.map((issue) => `${fieldPath(issue.path) || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}
