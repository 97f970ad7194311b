// The per-city secret that API key hashes are keyed with. In AWS it lives in Secrets Manager and is read
// once per container; the local city passes it in API_KEY_PEPPER from a file under .local/.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { API_KEY_PEPPER_ENV, API_KEY_PEPPER_SECRET_ARN_ENV } from '../../definitions/pepper';


let pepper: Promise<string> | undefined;

export function apiKeyPepper(): Promise<string> {
  pepper ??= load().catch((error: unknown) => {
    pepper = undefined; // a failed read is retried by the next request
    throw error;
  });
  return pepper;
}

async function load(): Promise<string> {
  const local = process.env[API_KEY_PEPPER_ENV];
  if (local) return local;
  const arn = process.env[API_KEY_PEPPER_SECRET_ARN_ENV];
  if (!arn) throw new Error(`Neither ${API_KEY_PEPPER_ENV} nor ${API_KEY_PEPPER_SECRET_ARN_ENV} is set`);
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!SecretString) throw new Error('The API key pepper secret is empty');
  return SecretString;
}
