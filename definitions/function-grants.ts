// What each function of a city may touch, and the environment that follows: one answer for the CDK
// stack (lib/constructs/city-api.ts binds exactly these grants) and for the local city and the unit
// tests (which give each function exactly this environment, so a missing grant fails there first).
// A group's grants are what its RouteGroup declares plus what its routes imply: a paginated route signs
// cursors (the city's secret), an idempotent one writes idempotency records, an authenticated one
// re-reads its key's revocation (the table). Pure data: no runtime imports.
import { BUCKET_NAME_ENV } from './bucket';
import { CITY_SECRET_ENV } from './city-secret';
import type { StreamConsumer } from './consumers';
import { IMPORT_QUEUE_URL_ENV } from './import-jobs';
import { LEARNER_USER_POOL_ID_ENV, OIDC_CLIENT_ID_ENV, OIDC_ISSUER_ENV } from './learner-sign-in';
import { MAIL_CONFIGURATION_SET_ENV, MAIL_FROM_ENV } from './mail';
import { routeGroups, routes, type Route, type RouteGroup, type RouteGroupName } from './routes';
import { KEPT_SIGNING_PUBLIC_KEYS_ENV, SIGNING_KEY_PEM_ENV } from './signing';
import { TABLE_NAME_ENV } from './table';

export type ResourceAccess = 'read' | 'read-write';

export interface Grants {
  table?: ResourceAccess;
  bucket?: ResourceAccess;
  /** With `bucket: 'read'`: the key prefixes it may also write (RouteGroup.bucketWritePrefixes). */
  bucketWritePrefixes?: readonly string[];
  signs?: boolean;
  citySecret?: boolean;
  /** The bucket's imports/ prefixes and the import queue (RouteGroup.submitsImports). */
  submitsImports?: boolean;
  /** The readiness check (RouteGroup.readiness): one GetItem of the probe key and a HeadBucket, nothing else. */
  readiness?: boolean;
  /** Sends mail from the city's address through its configuration set (RouteGroup.sendsMail). */
  sendsMail?: boolean;
  /** Signs learners in with the city's OpenID Connect provider (RouteGroup.signsInLearners). */
  signsInLearners?: boolean;
  /** Deletes learners' users from the city's user pool (AdminDeleteUser only), as their accounts go (RouteGroup.deletesSignInUsers). */
  deletesSignInUsers?: boolean;
}

export type Grant = keyof Grants;

const widest = (a: ResourceAccess | undefined, b: ResourceAccess | undefined): ResourceAccess | undefined => (a === 'read-write' || b === 'read-write' ? 'read-write' : (a ?? b));

/** What `group` may touch: its declaration, widened by what its routes need. */
export function groupGrants(name: RouteGroupName, group: RouteGroup = routeGroups[name]): Grants {
  const own = (routes as readonly Route[]).filter((route) => route.group === name);
  // A learner's route reads the session (and moves its idle clock) and checks CSRF tokens (the city's secret).
  const learners = own.some((r) => (r.access as Route['access']).kind === 'learner');
  const grants: Grants = {
    table: widest(
      group.table,
      widest(
        own.some((r) => r.idempotent) || learners ? 'read-write' : undefined,
        own.some((r) => r.access.kind === 'authenticated') ? 'read' : undefined,
      ),
    ),
    bucket: group.bucket,
    bucketWritePrefixes: group.bucketWritePrefixes,
    signs: group.signs || undefined,
    citySecret: group.citySecret || own.some((r) => r.paginated) || learners || undefined,
    submitsImports: group.submitsImports || undefined,
    readiness: group.readiness || undefined,
    sendsMail: group.sendsMail || undefined,
    signsInLearners: group.signsInLearners || undefined,
    deletesSignInUsers: group.deletesSignInUsers || undefined,
  };
  return Object.fromEntries(Object.entries(grants).filter(([, value]) => value !== undefined)) as Grants;
}

/** What a stream consumer (definitions/consumers.ts) may touch: exactly what it declares. Reading the stream is the event source's, not the function's. */
export function consumerGrants(consumer: StreamConsumer): Grants {
  const grants: Grants = {
    table: consumer.table,
    bucket: consumer.bucket,
    signs: consumer.signs || undefined,
    citySecret: consumer.citySecret || undefined,
    sendsMail: consumer.sendsMail || undefined,
  };
  return Object.fromEntries(Object.entries(grants).filter(([, value]) => value !== undefined)) as Grants;
}

/** The functions that serve no route, with what they may touch. */
export const otherFunctionGrants = {
  /** The API key authorizer: reads key records (and marks them used), checks secrets against their hashes. */
  authorizer: { table: 'read', citySecret: true },
  /** The import worker awards as the awards group does, and queues the rest of a long job. */
  importWorker: { table: 'read-write', bucket: 'read-write', signs: true, citySecret: true, submitsImports: true },
  /** SES bounces and complaints (through SNS): suppresses recipient keys, so reads the city's secret. */
  mailEvents: { table: 'read-write', citySecret: true },
  /** Writes the skills spine on deploy (lib/constructs/spine-sync.ts); the local city's seed does it at start. */
  spineSync: { table: 'read-write' },
  /**
   * Deletes under-13s' accounts whose guardian never agreed, on a schedule (functions/learners/purge.ts):
   * the accounts as a learner's deletion does, their pool users, and the claim uses they held.
   */
  learnerPurge: { table: 'read-write', deletesSignInUsers: true },
} as const satisfies Record<string, Grants>;

/** What a function's environment holds for each resource it may be granted: the names and their values. */
export interface ResourceEnvironments {
  table: Record<string, string>;
  bucket: Record<string, string>;
  citySecret: Record<string, string>;
  signingKey: Record<string, string>;
  importQueue: Record<string, string>;
  mail: Record<string, string>;
  signIn: Record<string, string>;
  signInUsers: Record<string, string>;
}

/** The part of a function's environment that its grants give it, and nothing more. */
export function grantedEnvironment(grants: Grants, resources: ResourceEnvironments): Record<string, string> {
  return {
    ...(grants.table || grants.readiness ? resources.table : {}),
    ...(grants.bucket || grants.submitsImports || grants.readiness ? resources.bucket : {}),
    ...(grants.citySecret ? resources.citySecret : {}),
    ...(grants.signs ? resources.signingKey : {}),
    ...(grants.submitsImports ? resources.importQueue : {}),
    ...(grants.sendsMail ? resources.mail : {}),
    ...(grants.signsInLearners ? resources.signIn : {}),
    ...(grants.deletesSignInUsers ? resources.signInUsers : {}),
  };
}

/** The environments of resources that hold their values directly: the local city and unit tests. */
export function localResourceEnvironments(values: {
  tableName: string;
  bucketName: string;
  citySecret: string;
  /** The active signing key. */
  signingKeyPem: string;
  /** The kept signing keys' public keys (Multikey), which issuer profiles publish beside the active one. */
  keptSigningPublicKeys?: readonly string[];
  importQueueUrl: string;
  mailFrom: string;
  mailConfigurationSet: string;
  oidcIssuer: string;
  oidcClientId: string;
  userPoolId: string;
}): ResourceEnvironments {
  return {
    table: { [TABLE_NAME_ENV]: values.tableName },
    bucket: { [BUCKET_NAME_ENV]: values.bucketName },
    citySecret: { [CITY_SECRET_ENV]: values.citySecret },
    signingKey: {
      [SIGNING_KEY_PEM_ENV]: values.signingKeyPem,
      ...(values.keptSigningPublicKeys?.length ? { [KEPT_SIGNING_PUBLIC_KEYS_ENV]: values.keptSigningPublicKeys.join(',') } : {}),
    },
    importQueue: { [IMPORT_QUEUE_URL_ENV]: values.importQueueUrl },
    mail: { [MAIL_FROM_ENV]: values.mailFrom, [MAIL_CONFIGURATION_SET_ENV]: values.mailConfigurationSet },
    signIn: { [OIDC_ISSUER_ENV]: values.oidcIssuer, [OIDC_CLIENT_ID_ENV]: values.oidcClientId },
    signInUsers: { [LEARNER_USER_POOL_ID_ENV]: values.userPoolId },
  };
}
