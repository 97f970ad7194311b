// The local city's secrets, made on first start and kept in .local/<city>/secrets.json (git-ignored):
// the API key pepper (Secrets Manager's job in AWS) and the demo keys, so that `npm start` can print
// keys that keep working across restarts. In AWS nothing keeps a key's secret once it is shown.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LocalSecrets {
  apiKeyPepper: string;
  keys: Record<string, string>;
}

export function loadLocalSecrets(file: string): LocalSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = { apiKeyPepper: randomBytes(32).toString('base64url'), keys: {} };
  saveLocalSecrets(file, secrets);
  return secrets;
}

export function saveLocalSecrets(file: string, secrets: LocalSecrets): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}
