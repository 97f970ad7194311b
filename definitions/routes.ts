// The one route table. The CDK stack builds its HTTP API routes and Lambda functions from it and the
// local server routes requests with it, so the two cannot drift. Pure data: no runtime imports.
import { RENDITIONS_PREFIX } from './bucket';

export type Role = 'city-admin' | 'provider';
export type Scope = 'badges:issue' | 'badges:manage' | 'profile:write' | 'opportunities:manage';

/**
 * Who may call a route. Required on every route: a route that declares none does not compile.
 * `learner`: a signed-in learner (session cookie, functions/http/learner-route.ts), on their own data only.
 */
export type Access = { kind: 'public' } | { kind: 'authenticated'; roles: readonly Role[]; scopes?: readonly Scope[] } | { kind: 'learner' };

export const PUBLIC = { kind: 'public' } as const satisfies Access;
export const LEARNER = { kind: 'learner' } as const satisfies Access;
const CITY_ADMIN = { kind: 'authenticated', roles: ['city-admin'] } as const satisfies Access;
const MANAGES_BADGES = { kind: 'authenticated', roles: ['city-admin', 'provider'], scopes: ['badges:manage'] } as const satisfies Access;
const ISSUES_BADGES = { kind: 'authenticated', roles: ['city-admin', 'provider'], scopes: ['badges:issue'] } as const satisfies Access;
const MANAGES_OPPORTUNITIES = { kind: 'authenticated', roles: ['city-admin', 'provider'], scopes: ['opportunities:manage'] } as const satisfies Access;

/**
 * What a route group's Lambda may touch, beyond what its routes imply (definitions/function-grants.ts
 * derives the rest): the stack grants exactly that, and the local city and unit tests give the group's
 * handler exactly that environment.
 */
export interface RouteGroup {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  table?: 'read' | 'read-write';
  bucket?: 'read' | 'read-write';
  /**
   * Key prefixes of the bucket the group writes (puts and deletes objects under), when it writes only
   * there: with `bucket: 'read'` it reads every object and writes nothing else.
   */
  bucketWritePrefixes?: readonly string[];
  /** Signs with, or publishes, the city's signing key (KMS in AWS). */
  signs?: boolean;
  /**
   * Uses keys derived from the city's secret (API key hashes, learners' recipient keys, sealed names).
   * Implied by a paginated route (cursors are signed), so such groups need not say it.
   */
  citySecret?: boolean;
  /**
   * Stores import uploads, reads their error reports (the bucket's imports/ prefix, nothing else of it)
   * and queues import jobs for the worker.
   */
  submitsImports?: boolean;
  /** Files copied beside the bundle (paths relative to the repository root), which the handler serves. */
  assets?: readonly string[];
  /**
   * The readiness check (GET /health?deep=true): one GetItem of one fixed key of the table and a
   * HeadBucket of the bucket, and no other access to either.
   */
  readiness?: boolean;
  /** Sends mail (Amazon SES v2 from the city's address, through its configuration set: definitions/mail.ts). */
  sendsMail?: boolean;
  /** Signs learners in: the city's OpenID Connect provider and app client (definitions/learner-sign-in.ts). */
  signsInLearners?: boolean;
  /** Deletes learners' users from the city's user pool as their accounts are deleted (definitions/learner-sign-in.ts). */
  deletesSignInUsers?: boolean;
  /** Lambda timeout; default 10 s. API Gateway gives up after 30 s. */
  timeoutSeconds?: number;
  description: string;
}

export const routeGroups = {
  system: {
    entry: 'functions/system/handler.ts',
    readiness: true,
    description: 'Health, city information and the problem+json answer for unknown routes',
  },
  skills: {
    entry: 'functions/skills/handler.ts',
    table: 'read',
    description: "The city's skills spine",
  },
  issuers: {
    entry: 'functions/issuers/handler.ts',
    table: 'read-write',
    signs: true,
    description: "Providers' issuer profiles",
  },
  badgeClasses: {
    entry: 'functions/badge-classes/handler.ts',
    table: 'read',
    // Versions' images.
    bucket: 'read',
    description: 'Badge classes: what providers recognise, as Open Badges 2.0 and "earn this badge" pages',
  },
  badgeClassManagement: {
    entry: 'functions/badge-classes/manage-handler.ts',
    table: 'read-write',
    // Images, cleaned.
    bucket: 'read-write',
    description: 'Providers managing their badge classes: create, change, replace the image, archive',
  },
  awards: {
    entry: 'functions/awards/handler.ts',
    table: 'read-write',
    bucket: 'read-write',
    signs: true,
    // Learners' recipient keys and sealed names.
    citySecret: true,
    // A batch of 100 awards signs 100 credentials.
    timeoutSeconds: 29,
    description: 'Awarding, listing and revoking badges',
  },
  badges: {
    entry: 'functions/badges/handler.ts',
    table: 'read',
    // Reads images; writes only the PNG renditions of SVG badge images, made once for share previews.
    bucket: 'read',
    bucketWritePrefixes: [RENDITIONS_PREFIX],
    // The SVG renderer (WebAssembly) and the font it draws badge text with.
    assets: ['node_modules/@resvg/resvg-wasm/index_bg.wasm', 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'],
    description: "Awarded badges' public URLs",
  },
  statusLists: {
    entry: 'functions/status-lists/handler.ts',
    table: 'read',
    signs: true,
    description: "Providers' revocation lists (Bitstring Status List)",
  },
  // Apart from "system": building the document takes every route's schemas and zod's JSON Schema
  // generator, which would double the cold start of /health and of every unknown-route answer.
  openapi: {
    entry: 'functions/openapi/handler.ts',
    description: 'The API contract: the OpenAPI document and its reference page',
  },
  verify: {
    entry: 'functions/verify/handler.ts',
    // The city's own badges, profiles and status lists are read from its table and key, never fetched:
    // the profile publishes the public key, the status list is signed as GET /status-lists signs it.
    table: 'read',
    signs: true,
    description: 'Verifying badges from any issuer',
  },
  imports: {
    entry: 'functions/imports/handler.ts',
    table: 'read-write',
    submitsImports: true,
    description: 'Award imports from CSV files: upload, progress and error reports',
  },
  // The directory's public reads apart from its providers' writes: a learner's search or page from a
  // cold container loads neither the image cleaning nor the idempotency store, and the public function
  // cannot write pictures.
  opportunities: {
    entry: 'functions/opportunities/handler.ts',
    // Counts views and booking clicks for the insights funnels.
    table: 'read-write',
    // Opportunities' pictures.
    bucket: 'read',
    description: "The city's directory of opportunities: anyone searches and reads them",
  },
  opportunityPublishing: {
    entry: 'functions/opportunities/publishing-handler.ts',
    table: 'read-write',
    // Opportunities' pictures, cleaned.
    bucket: 'read-write',
    description: 'Providers publishing opportunities: create, change, cancel, give a picture, list their own',
  },
  pathways: {
    entry: 'functions/pathways/handler.ts',
    table: 'read-write',
    description: "The city's pathways: steps to a destination under a completion rule, with a milestone badge",
  },
  portal: {
    entry: 'functions/portal/handler.ts',
    table: 'read',
    // The map, served by the city itself (no third-party script on any page).
    assets: ['node_modules/leaflet/dist/leaflet.js', 'node_modules/leaflet/dist/leaflet.css'],
    description: "The city's home page and the portal's own static assets",
  },
  claimCodes: {
    entry: 'functions/claim-codes/handler.ts',
    table: 'read-write',
    // Claim codes are derived from a city key (never stored), so the printable page can show them again.
    citySecret: true,
    description: "Claim codes: providers make, list, print (QR) and revoke them for their badge classes",
  },
  claims: {
    entry: 'functions/claims/handler.ts',
    // A claim is an award: the baked image stored, the credential signed, the learner's keyed hash
    // and their sealed sign-in address opened to make it; the use and the audit entry written.
    table: 'read-write',
    bucket: 'read-write',
    signs: true,
    citySecret: true,
    description: 'Claiming a badge with a code: the pages a learner reaches by scanning one, and the claim',
  },
  wallet: {
    entry: 'functions/wallet/handler.ts',
    // Offers and tokens are stored (hashed); nonces are MACed with a city key; the credential is signed again for its holder.
    table: 'read-write',
    signs: true,
    citySecret: true,
    description: "Sending learners' badges to their wallets: OpenID for Verifiable Credential Issuance 1.0 (pre-authorized code)",
  },
  learners: {
    entry: 'functions/learners/handler.ts',
    table: 'read-write',
    // Recipient keys of learners' addresses, sealed addresses, CSRF tokens and guardians' links.
    citySecret: true,
    // Address codes and guardians' consent requests.
    sendsMail: true,
    signsInLearners: true,
    // Deleting an account deletes the learner's users in the pool too.
    deletesSignInUsers: true,
    description: "Learners: signing in, their accounts, privacy and data rights, and guardians' consent",
  },
  apiKeys: {
    entry: 'functions/api-keys/handler.ts',
    table: 'read-write',
    // Hashes new API keys.
    citySecret: true,
    description: 'API keys for providers, and the audit log',
  },
  passport: {
    entry: 'functions/passport/handler.ts',
    table: 'read-write',
    // The baked images of the archive.
    bucket: 'read',
    // Sealed display names; the cursor of older badges is signed (paginated).
    citySecret: true,
    description: "Learners' passports: their badges from every address, sharing and download (the passport page's sections are served by the learners group; the public profiles by profiles)",
  },
  profiles: {
    entry: 'functions/passport/profile-handler.ts',
    table: 'read',
    // Opens the display name a learner chose, sealed at rest.
    citySecret: true,
    description: 'The public profiles learners share: the badges they chose',
  },
  mailPreferences: {
    entry: 'functions/mail-preferences/handler.ts',
    table: 'read-write',
    // Checks the signature of unsubscribe links.
    citySecret: true,
    description: "Learners' badge email preferences: unsubscribing from a provider's badge emails",
  },
  labourMarket: {
    entry: 'functions/labour-market/handler.ts',
    table: 'read-write',
    // A file of 10,000 rows is written in one request.
    timeoutSeconds: 29,
    description: "Labour-market demand a city admin uploads (CSV), for the insights dashboards",
  },
  insights: {
    entry: 'functions/insights/handler.ts',
    // Reads the insights counters, config, spine and names; writes nothing (the insights consumer counts).
    table: 'read',
    description: 'Insights: the dashboard, open data and the public state-of-learning page, from the counters',
  },
} as const satisfies Record<string, RouteGroup>;

export type RouteGroupName = keyof typeof routeGroups;

/**
 * The API key authorizer in front of every authenticated route: API Gateway runs it in AWS, the local
 * server runs the same handler. Its answer is cached per Authorization header; revocation still takes
 * effect at once, because the route function re-reads the key's revocation (functions/http/authenticated-route.ts).
 */
export const apiKeyAuthorizer = {
  entry: 'functions/authorizer/handler.ts',
  /** The request header that identifies the caller and keys the cache. */
  identityHeader: 'Authorization',
  cacheSeconds: 60,
  description: 'API key authorizer: who an Authorization header stands for',
} as const;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  method: Method;
  /** API Gateway path template: `{name}` for a segment. */
  path: string;
  group: RouteGroupName;
  access: Access;
  summary: string;
  /** Answers pages with signed cursors (`?limit&cursor`): its group is granted the city's secret. */
  paginated?: boolean;
  /** Honours an Idempotency-Key header: its group is granted writing the table (the idempotency records). */
  idempotent?: boolean;
  /**
   * A GET that also answers HEAD (link checkers and share-preview crawlers ask it first): the same
   * handler, the same status and headers, no body (functions/http/dispatch.ts).
   */
  head?: true;
}

export const routes = [
  { method: 'GET', path: '/health', group: 'system', access: PUBLIC, summary: 'Liveness check; with deep=true, readiness (the table and the bucket answer)' },
  { method: 'GET', path: '/city', group: 'system', access: PUBLIC, summary: 'The city: name, branding and links' },
  { method: 'GET', path: '/openapi.json', group: 'openapi', access: PUBLIC, summary: "The API contract: OpenAPI 3.1, generated from this table and the routes' schemas" },
  { method: 'GET', path: '/docs', group: 'openapi', access: PUBLIC, summary: 'The API reference as a page, generated from the same document' },
  { method: 'GET', path: '/skills', group: 'skills', access: PUBLIC, summary: "The city's skills spine (JSON), or its page (HTML)" },
  { method: 'GET', path: '/skills/{skillId}', group: 'skills', access: PUBLIC, summary: 'One skill of the spine (JSON), or its page with what builds it, level by level (HTML)' },
  { method: 'POST', path: '/issuers', group: 'issuers', access: CITY_ADMIN, summary: 'Create a provider and its issuer profile', idempotent: true },
  { method: 'GET', path: '/issuers/{issuerId}', group: 'issuers', access: PUBLIC, summary: "Issuer profile, Open Badges 2.0 (JSON-LD), or the provider's page (HTML)" },
  { method: 'GET', path: '/issuers/{issuerId}/profile', group: 'issuers', access: PUBLIC, summary: 'Issuer profile, Open Badges 3.0' },
  {
    method: 'PATCH',
    path: '/issuers/{issuerId}',
    group: 'issuers',
    access: { kind: 'authenticated', roles: ['city-admin', 'provider'], scopes: ['profile:write'] },
    summary: "Update an issuer profile (a provider only its own)",
  },
  { method: 'POST', path: '/badge-classes', group: 'badgeClassManagement', access: MANAGES_BADGES, summary: 'Create a badge class (its first version)', idempotent: true },
  { method: 'GET', path: '/badge-classes/{badgeClassId}', group: 'badgeClasses', access: PUBLIC, summary: 'Badge class, current version, Open Badges 2.0 (JSON-LD), or its "earn this badge" page (HTML)' },
  { method: 'PATCH', path: '/badge-classes/{badgeClassId}', group: 'badgeClassManagement', access: MANAGES_BADGES, summary: 'Change a badge class (a new version)' },
  { method: 'PUT', path: '/badge-classes/{badgeClassId}/image', group: 'badgeClassManagement', access: MANAGES_BADGES, summary: 'Replace the image (PNG or SVG body; a new version)' },
  { method: 'POST', path: '/badge-classes/{badgeClassId}/archive', group: 'badgeClassManagement', access: MANAGES_BADGES, summary: 'Archive a badge class: no more awards' },
  { method: 'GET', path: '/badge-classes/{badgeClassId}/versions/{version}', group: 'badgeClasses', access: PUBLIC, summary: 'Badge class as it was at a version, Open Badges 2.0' },
  { method: 'GET', path: '/badge-classes/{badgeClassId}/versions/{version}/image', group: 'badgeClasses', access: PUBLIC, summary: "A version's image" },
  { method: 'GET', path: '/issuers/{issuerId}/badge-classes', group: 'badgeClasses', access: PUBLIC, summary: "A provider's badge classes, newest first, paginated", paginated: true },
  {
    method: 'POST',
    path: '/badge-classes/{badgeClassId}/awards',
    group: 'awards',
    access: { kind: 'authenticated', roles: ['city-admin', 'provider'], scopes: ['badges:issue'] },
    summary: 'Award a badge to a learner (by email, never published)',
    idempotent: true,
  },
  {
    method: 'POST',
    path: '/badge-classes/{badgeClassId}/awards:batch',
    group: 'awards',
    access: { kind: 'authenticated', roles: ['city-admin', 'provider'], scopes: ['badges:issue'] },
    summary: 'Award a badge to up to 100 learners, with a result per learner',
  },
  {
    method: 'POST',
    path: '/badge-classes/{badgeClassId}/imports',
    group: 'imports',
    access: ISSUES_BADGES,
    summary: 'Import a CSV file of learners to award: a job processed in the background',
    idempotent: true,
  },
  { method: 'GET', path: '/imports/{importId}', group: 'imports', access: ISSUES_BADGES, summary: 'An import job and its progress' },
  { method: 'GET', path: '/imports/{importId}/errors', group: 'imports', access: ISSUES_BADGES, summary: "An import's error report (CSV): each row not awarded, and why" },
  { method: 'POST', path: '/awards/{awardId}/revoke', group: 'awards', access: MANAGES_BADGES, summary: 'Revoke an award, with a reason' },
  { method: 'GET', path: '/badge-classes/{badgeClassId}/awards', group: 'awards', access: MANAGES_BADGES, summary: "A badge class's awards, newest first, paginated", paginated: true },
  { method: 'GET', path: '/issuers/{issuerId}/awards', group: 'awards', access: MANAGES_BADGES, summary: "A provider's awards, newest first, paginated", paginated: true },
  { method: 'GET', path: '/badges/{awardId}', group: 'badges', access: PUBLIC, summary: 'An awarded badge: OB 2.0 assertion (JSON-LD), or its page (HTML)', head: true },
  { method: 'GET', path: '/badges/{awardId}/credential', group: 'badges', access: PUBLIC, summary: 'An awarded badge as a signed OB 3.0 credential' },
  { method: 'GET', path: '/badges/{awardId}/image', group: 'badges', access: PUBLIC, summary: 'An awarded badge as a baked image', head: true },
  { method: 'GET', path: '/badges/{awardId}/share-image', group: 'badges', access: PUBLIC, summary: "An awarded badge's picture as a PNG, for share previews (og:image)", head: true },
  { method: 'GET', path: '/status-lists/{issuerId}', group: 'statusLists', access: PUBLIC, summary: "A provider's revocation list, a signed BitstringStatusListCredential" },
  { method: 'GET', path: '/verify', group: 'verify', access: PUBLIC, summary: 'The verify page, for people: upload a baked image, paste a URL or the JSON, read the result in words' },
  { method: 'POST', path: '/verify', group: 'verify', access: PUBLIC, summary: 'Verify a badge from any issuer: baked image, URL, assertion or credential (JSON; or the verify page\'s form, answered as a page)' },
  { method: 'POST', path: '/opportunities', group: 'opportunityPublishing', access: MANAGES_OPPORTUNITIES, summary: 'Publish an opportunity (or save a draft)', idempotent: true },
  { method: 'GET', path: '/opportunities', group: 'opportunities', access: PUBLIC, summary: 'Search the directory: skills, place, age, cost, dates, kind, words; soonest or nearest first, paginated', paginated: true },
  { method: 'GET', path: '/opportunities/{opportunityId}', group: 'opportunities', access: PUBLIC, summary: 'One opportunity (drafts are not public)' },
  { method: 'PATCH', path: '/opportunities/{opportunityId}', group: 'opportunityPublishing', access: MANAGES_OPPORTUNITIES, summary: 'Change an opportunity (a provider only its own)' },
  { method: 'POST', path: '/opportunities/{opportunityId}/cancel', group: 'opportunityPublishing', access: MANAGES_OPPORTUNITIES, summary: 'Cancel an opportunity: it leaves search, its page says so' },
  { method: 'GET', path: '/opportunities/{opportunityId}/calendar', group: 'opportunities', access: PUBLIC, summary: 'An opportunity\'s sessions as an iCalendar file (RFC 5545), to add to a calendar' },
  { method: 'PUT', path: '/opportunities/{opportunityId}/image', group: 'opportunityPublishing', access: MANAGES_OPPORTUNITIES, summary: 'Give an opportunity a picture (PNG or SVG body, cleaned as badge images are)' },
  { method: 'GET', path: '/opportunities/{opportunityId}/image', group: 'opportunities', access: PUBLIC, summary: "An opportunity's picture", head: true },
  { method: 'GET', path: '/feeds/opportunities', group: 'opportunities', access: PUBLIC, summary: 'The directory as open data: an OpenActive RPDE feed (afterTimestamp, afterId)' },
  { method: 'POST', path: '/pathways', group: 'pathways', access: MANAGES_OPPORTUNITIES, summary: 'Draft a pathway (a provider its own; a city admin any, or the city\'s own)', idempotent: true },
  { method: 'GET', path: '/pathways', group: 'pathways', access: PUBLIC, summary: 'Published pathways, all or through a skill (skill=), by name, paginated', paginated: true },
  { method: 'GET', path: '/pathways/{pathwayId}', group: 'pathways', access: PUBLIC, summary: 'A published pathway: JSON, or its page with the steps as a diagram' },
  { method: 'GET', path: '/pathways/{pathwayId}/ctdl', group: 'pathways', access: PUBLIC, summary: 'A published pathway as Credential Engine CTDL JSON-LD' },
  { method: 'GET', path: '/pathways/{pathwayId}/versions/{version}', group: 'pathways', access: PUBLIC, summary: 'A published version of a pathway, as it was published' },
  { method: 'GET', path: '/pathways/{pathwayId}/draft', group: 'pathways', access: MANAGES_OPPORTUNITIES, summary: 'A pathway with its working draft (its provider, city admin)' },
  { method: 'PATCH', path: '/pathways/{pathwayId}', group: 'pathways', access: MANAGES_OPPORTUNITIES, summary: 'Change a pathway\'s draft (its provider, city admin)' },
  { method: 'POST', path: '/pathways/{pathwayId}/publish', group: 'pathways', access: MANAGES_OPPORTUNITIES, summary: 'Publish the draft as the next version: listed, its milestone awarded' },
  { method: 'POST', path: '/pathways/{pathwayId}/archive', group: 'pathways', access: MANAGES_OPPORTUNITIES, summary: 'Archive a pathway: unlisted, its milestone no longer awarded' },
  { method: 'GET', path: '/', group: 'portal', access: PUBLIC, summary: "The city's home page (HTML), or its links (JSON)" },
  { method: 'GET', path: '/assets/{asset}', group: 'portal', access: PUBLIC, summary: "The portal's scripts and styles: the city's own copy of Leaflet and its map script" },
  { method: 'GET', path: '/issuers/{issuerId}/opportunities', group: 'opportunityPublishing', access: MANAGES_OPPORTUNITIES, summary: "A provider's opportunities, drafts included, newest first, paginated", paginated: true },
  { method: 'POST', path: '/badge-classes/{badgeClassId}/claim-codes', group: 'claimCodes', access: ISSUES_BADGES, summary: 'Make claim codes for a badge class: single-use codes, or one shared code with a limit and an expiry', idempotent: true },
  { method: 'GET', path: '/badge-classes/{badgeClassId}/claim-codes', group: 'claimCodes', access: ISSUES_BADGES, summary: "A badge class's claim sets, newest first, paginated", paginated: true },
  { method: 'GET', path: '/claim-codes/{claimSetId}', group: 'claimCodes', access: ISSUES_BADGES, summary: 'A claim set and how often its codes were used' },
  { method: 'GET', path: '/claim-codes/{claimSetId}/print', group: 'claimCodes', access: ISSUES_BADGES, summary: "A claim set's printable page of QR codes (HTML)" },
  { method: 'POST', path: '/claim-codes/{claimSetId}/revoke', group: 'claimCodes', access: ISSUES_BADGES, summary: 'Revoke a claim set: its codes claim nothing from now on' },
  { method: 'GET', path: '/claim', group: 'claims', access: PUBLIC, summary: 'The page where a claim code is typed by hand (HTML)' },
  { method: 'GET', path: '/claim/{code}', group: 'claims', access: PUBLIC, summary: "A claim code's page, where a QR code leads: the badge, and sign in or claim (HTML)" },
  { method: 'POST', path: '/claim/{code}', group: 'claims', access: LEARNER, summary: 'Claim the badge with the code: the learner holds it once, however often they scan' },
  { method: 'GET', path: '/.well-known/openid-credential-issuer', group: 'wallet', access: PUBLIC, summary: 'OID4VCI Credential Issuer Metadata: what this city issues to wallets' },
  { method: 'GET', path: '/.well-known/oauth-authorization-server', group: 'wallet', access: PUBLIC, summary: 'OAuth 2.0 Authorization Server Metadata: the pre-authorized code grant' },
  { method: 'GET', path: '/wallet/badges/{awardId}', group: 'wallet', access: LEARNER, summary: 'The page that sends one of your badges to your wallet (HTML)' },
  { method: 'POST', path: '/wallet/badges/{awardId}', group: 'wallet', access: LEARNER, summary: 'Make a single-use wallet offer for your badge: a QR code and an openid-credential-offer:// link (HTML)' },
  { method: 'POST', path: '/wallet/token', group: 'wallet', access: PUBLIC, summary: "The wallet's token request: a pre-authorized code (single-use, from an offer) for an access token" },
  { method: 'POST', path: '/wallet/nonce', group: 'wallet', access: PUBLIC, summary: 'A fresh c_nonce for a key proof' },
  { method: 'POST', path: '/wallet/credential', group: 'wallet', access: PUBLIC, summary: "The wallet's credential request (its access token and a key proof): the badge as an OB 3.0 credential bound to the holder's DID" },
  { method: 'GET', path: '/sign-in', group: 'learners', access: PUBLIC, summary: 'Sign in (or start a passport): to the city\'s sign-in provider, for a one-time code by email' },
  { method: 'GET', path: '/sign-in/callback', group: 'learners', access: PUBLIC, summary: 'Where the sign-in provider sends the learner back: the session starts' },
  { method: 'POST', path: '/sign-out', group: 'learners', access: LEARNER, summary: 'Sign out (this device, or every device)' },
  { method: 'GET', path: '/account', group: 'learners', access: LEARNER, summary: "The learner's account: age band first, then privacy, consents, addresses, export and deletion" },
  { method: 'POST', path: '/account/age-band', group: 'learners', access: LEARNER, summary: "Give an age band (under 13: a guardian's email, who is asked to consent)" },
  { method: 'POST', path: '/account/consent-request', group: 'learners', access: LEARNER, summary: "Email the guardian's consent request again" },
  { method: 'POST', path: '/account/settings', group: 'learners', access: LEARNER, summary: 'Change privacy settings and the consents for the city\'s insights' },
  { method: 'POST', path: '/account/addresses', group: 'learners', access: LEARNER, summary: 'Add an email address: a code is mailed to it' },
  { method: 'POST', path: '/account/addresses/verify', group: 'learners', access: LEARNER, summary: 'Verify an added address with its code' },
  { method: 'POST', path: '/account/addresses/remove', group: 'learners', access: LEARNER, summary: 'Remove an added address' },
  { method: 'GET', path: '/account/export', group: 'learners', access: LEARNER, summary: 'Everything the city holds about the learner, as JSON' },
  { method: 'POST', path: '/account/delete', group: 'learners', access: LEARNER, summary: 'Delete the account now (awards stay, unlinked)' },
  { method: 'GET', path: '/passport', group: 'learners', access: LEARNER, summary: "The learner's passport" },
  { method: 'GET', path: '/guardian', group: 'learners', access: PUBLIC, summary: "A guardian's link: see a child's account, to consent or delete it" },
  { method: 'POST', path: '/guardian', group: 'learners', access: PUBLIC, summary: "A guardian consents to, or deletes, a child's account (the link's token, once)" },
  { method: 'POST', path: '/issuers/{issuerId}/api-keys', group: 'apiKeys', access: CITY_ADMIN, summary: 'Issue an API key for a provider (shown once)' },
  { method: 'POST', path: '/api-keys/{prefix}/revoke', group: 'apiKeys', access: CITY_ADMIN, summary: 'Revoke an API key, with immediate effect' },
  { method: 'GET', path: '/audit', group: 'apiKeys', access: CITY_ADMIN, summary: 'The audit log of every write, newest first, paginated', paginated: true },
  { method: 'GET', path: '/passport/badges', group: 'passport', access: LEARNER, summary: 'Every badge sent to any of my verified addresses (and added from links), newest first, paginated; as JSON, with my skills profile and what I share', paginated: true },
  { method: 'POST', path: '/passport/badges/{awardId}', group: 'passport', access: LEARNER, summary: 'Accept or hide one of my badges (a form: state=accepted|hidden)' },
  { method: 'GET', path: '/passport/add', group: 'passport', access: LEARNER, summary: "An email's add-to-passport link: the page asking to add its badge" },
  { method: 'POST', path: '/passport/add', group: 'passport', access: LEARNER, summary: "Add the badge of an email's link to my passport (the link works once)" },
  { method: 'POST', path: '/passport/share', group: 'passport', access: LEARNER, summary: 'Share chosen badges on my public profile (an unguessable URL), with a display name or none' },
  { method: 'POST', path: '/passport/share/revoke', group: 'passport', access: LEARNER, summary: 'Stop sharing: my public profile answers 404 at once' },
  { method: 'GET', path: '/passport/archive', group: 'passport', access: LEARNER, summary: 'Download every badge of my passport (baked images and OB 3.0 credentials) as one zip' },
  { method: 'GET', path: '/profiles/{profileId}', group: 'profiles', access: PUBLIC, summary: 'A public profile a learner shares: the badges they chose' },
  { method: 'GET', path: '/unsubscribe', group: 'mailPreferences', access: PUBLIC, summary: "Stop a provider's badge emails: the page of the signed link in each email (it asks first)" },
  { method: 'POST', path: '/unsubscribe', group: 'mailPreferences', access: PUBLIC, summary: "Stop a provider's badge emails: the page's form, or a mail client's one-click POST (RFC 8058)" },
  { method: 'PUT', path: '/labour-market/demand', group: 'labourMarket', access: CITY_ADMIN, summary: 'Upload labour-market demand (CSV: skill, area, period, demand, source): each source and period the file names is replaced as a whole' },
  { method: 'GET', path: '/labour-market/demand', group: 'labourMarket', access: CITY_ADMIN, summary: 'The uploaded demand for a period or a skill (optionally an area), every source' },
  { method: 'GET', path: '/insights', group: 'insights', access: { kind: 'authenticated', roles: ['city-admin', 'provider'] }, summary: "The insights dashboard (HTML): a city admin sees the city's figures, a provider its own reach" },
  { method: 'GET', path: '/insights/data.json', group: 'insights', access: PUBLIC, summary: 'Open data: the published learning figures with their metadata (JSON)' },
  { method: 'GET', path: '/insights/data.csv', group: 'insights', access: PUBLIC, summary: 'Open data: the published learning figures (CSV)' },
  { method: 'GET', path: '/insights/method', group: 'insights', access: PUBLIC, summary: 'How the learning figures are made: what is counted, rounding and suppression (HTML)' },
  { method: 'GET', path: '/state-of-learning', group: 'insights', access: PUBLIC, summary: 'The state of learning in the city: the public figures page, when the city turns it on (HTML)' },
  { method: 'GET', path: '/opportunities/{opportunityId}/book', group: 'opportunities', access: PUBLIC, summary: "Book or apply: counts the click for the insights funnel, then 303 to the opportunity's own booking URL" },
] as const satisfies readonly Route[];

/**
 * Requests that match no route go to the system group, which answers 404 or 405 as problem+json
 * (API Gateway's `$default` route; the local server does the same).
 */
export const fallbackRoute = { routeKey: '$default', group: 'system', access: PUBLIC } as const;

export const routeKey = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** API Gateway's route key for the HEAD requests a `head` route also answers. */
export const headRouteKey = (route: Pick<Route, 'path'>) => `HEAD ${route.path}`;

export type RouteKey = (typeof routes)[number] extends infer R ? (R extends Route ? `${R['method']} ${R['path']}` : never) : never;

export type RouteKeyOf<G extends RouteGroupName> =
  Extract<(typeof routes)[number], { group: G }> extends infer R ? (R extends Route ? `${R['method']} ${R['path']}` : never) : never;
