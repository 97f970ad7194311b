// The city's secret, for the functions granted it (RouteGroup.citySecret, or a route that needs it:
// definitions/function-grants.ts), and the per-purpose keys derived from it. In AWS the secret lives in
// Secrets Manager and is read once per container; the local city passes the value in CITY_SECRET.
// Where it comes from is read when the module loads, like every other setting of the function.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CITY_SECRET_ARN_ENV, CITY_SECRET_ENV } from '../../definitions/city-secret';
import { deriveCityKey, type CityKeyPurpose } from '../domain/city-keys';

const localSecret = process.env[CITY_SECRET_ENV];
const secretArn = process.env[CITY_SECRET_ARN_ENV];

let secret: Promise<string> | undefined;
const keys = new Map<CityKeyPurpose, Buffer>();

/** The key for one purpose (API key hashes, cursor signatures, sealed names, recipient keys, import award ids). */
export async function cityKey(purpose: CityKeyPurpose): Promise<Buffer> {
  const known = keys.get(purpose);
  if (known) return known;
  const key = deriveCityKey(await citySecret(), purpose);
  keys.set(purpose, key);
  return key;
}

function citySecret(): Promise<string> {
  secret ??= load().catch((error: unknown) => {
    secret = undefined; // a failed read is retried by the next request
    throw error;
  });
  return secret;
}

async function load(): Promise<string> {
  if (localSecret) return localSecret;
  if (!secretArn) {
    throw new Error(
      `This function was not granted the city's secret (neither ${CITY_SECRET_ENV} nor ${CITY_SECRET_ARN_ENV} is set): ` +
        'its route group needs citySecret in definitions/routes.ts, or a route that implies it',
    );
  }
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!SecretString) throw new Error("The city's secret is empty");
  return SecretString;
}
