// The city's secret, for the functions granted it (RouteGroup.citySecret, or a route that needs it:
// definitions/function-grants.ts), and the per-purpose keys derived from it. In AWS the secret lives in
// Secrets Manager; the local city passes the value in CITY_SECRET. It is a keyring (functions/domain/city-keys.ts):
// a container reads it once, again after REFRESH_MS so that new values soon use a version made by a
// rotation, and again at once when a value names a version it does not hold yet (made by a container
// that read the ring after the rotation).
// Where it comes from is read when the module loads, like every other setting of the function.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CITY_SECRET_ARN_ENV, CITY_SECRET_ENV } from '../../definitions/city-secret';
import { parseCityKeyring, pinnedKey, versionedKeys, type CityKeyring, type PinnedPurpose, type RotatingPurpose, type VersionedKeys } from '../domain/city-keys';

const localSecret = process.env[CITY_SECRET_ENV];
const secretArn = process.env[CITY_SECRET_ARN_ENV];

const REFRESH_MS = 5 * 60 * 1000;
/** At most one read a second for versions the ring does not hold: a forged version id costs no more. */
const UNKNOWN_VERSION_RETRY_MS = 1000;

let cached: { ring: CityKeyring; readAt: number } | undefined;
let reading: Promise<CityKeyring> | undefined;
const pinned = new Map<PinnedPurpose, Buffer>();
const rotating = new WeakMap<CityKeyring, Map<RotatingPurpose, VersionedKeys>>();

/** The key of a pinned purpose (recipient keys, derived award ids): the secret's first version, for ever. */
export async function cityKey(purpose: PinnedPurpose): Promise<Buffer> {
  const known = pinned.get(purpose);
  if (known) return known;
  const key = pinnedKey(await keyring([]), purpose);
  pinned.set(purpose, key);
  return key;
}

/**
 * The keys of a rotating purpose (API key hashes, cursor signatures, sealed names): the current one for
 * new values, and the versions that `needed` (the version ids stored values name) ask for.
 */
export async function cityKeys(purpose: RotatingPurpose, needed: readonly string[] = []): Promise<VersionedKeys> {
  const ring = await keyring(needed);
  let byPurpose = rotating.get(ring);
  if (!byPurpose) rotating.set(ring, (byPurpose = new Map()));
  let keys = byPurpose.get(purpose);
  if (!keys) byPurpose.set(purpose, (keys = versionedKeys(ring, purpose)));
  return keys;
}

async function keyring(needed: readonly string[]): Promise<CityKeyring> {
  if (!cached) return read();
  const age = Date.now() - cached.readAt;
  const missing = needed.some((id) => !(id in cached!.ring.versions));
  if (age < REFRESH_MS && !(missing && age >= UNKNOWN_VERSION_RETRY_MS)) return cached.ring;
  return read().catch(() => {
    // The ring this container has still opens everything made before; try again later.
    cached!.readAt = Date.now();
    return cached!.ring;
  });
}

function read(): Promise<CityKeyring> {
  reading ??= load()
    .then((stored) => {
      const ring = parseCityKeyring(stored);
      cached = { ring, readAt: Date.now() };
      return ring;
    })
    .finally(() => {
      reading = undefined; // a failed first read is retried by the next request
    });
  return reading;
}

async function load(): Promise<string> {
  if (localSecret) return localSecret;
  if (!secretArn) {
    throw new Error(
      `This function was not granted the city's secret (neither ${CITY_SECRET_ENV} nor ${CITY_SECRET_ARN_ENV} is set): ` +
        'its route group needs citySecret in definitions/routes.ts, or a route that implies it',
    );
  }
  const { SecretString } = await client().send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!SecretString) throw new Error("The city's secret is empty");
  return SecretString;
}

let secretsManager: SecretsManagerClient | undefined;
const client = () => (secretsManager ??= new SecretsManagerClient({}));
