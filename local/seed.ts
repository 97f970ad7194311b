// The demo data a local city starts with. Idempotent: every start re-applies it over what is there.
import type { CityConfig } from '../functions/city/config';
import { issueApiKey } from '../functions/api-keys/issue';
import { getApiKey } from '../functions/data/api-keys';
import { createProvider, getProvider } from '../functions/data/providers';
import { parseApiKey } from '../functions/domain/api-keys';
import { issuerUrls } from '../functions/domain/openbadges/issuer';
import type { NewProvider } from '../functions/domain/providers';
import { skillUrl } from '../functions/domain/skills';
import { syncSpine } from '../functions/spine/sync';
import type { LocalSecrets } from './secrets';

export interface SeedReport {
  skills: number;
  /** URLs worth opening, with what each shows. */
  links: { label: string; url: string }[];
  /** API keys to try the API with (local only). */
  keys: { label: string; key: string }[];
}

export const demoProvider: NewProvider = {
  id: 'central-library',
  name: 'Central Library',
  url: 'https://library.example.org',
  email: 'learning@library.example.org',
  description: 'Coding clubs, maker days and digital skills sessions for all ages.',
};

/** Reuses the key kept in the secrets file while its record exists; otherwise issues a new one. */
async function ensureKey(secrets: LocalSecrets, name: string, owner: Parameters<typeof issueApiKey>[0]): Promise<string> {
  const kept = secrets.keys[name];
  const prefix = kept ? parseApiKey(kept)?.prefix : undefined;
  const record = prefix ? await getApiKey(prefix) : undefined;
  if (kept && record && !record.revokedAt) return kept;
  const issued = await issueApiKey(owner, new Date());
  secrets.keys[name] = issued.key;
  return issued.key;
}

export async function seedCity(config: CityConfig, baseUrl: string, secrets: LocalSecrets): Promise<SeedReport> {
  const { written } = await syncSpine(config.skillsSpine);
  if (!(await getProvider(demoProvider.id))) await createProvider(demoProvider, new Date());
  const adminKey = await ensureKey(secrets, 'city-admin', { role: 'city-admin', scopes: [], label: 'Local city admin' });
  const providerKey = await ensureKey(secrets, demoProvider.id, {
    role: 'provider',
    providerId: demoProvider.id,
    scopes: ['badges:issue', 'badges:manage', 'profile:write'],
    label: 'Local demo provider',
  });
  const firstSkill = config.skillsSpine.skills[0]!;
  return {
    skills: written,
    links: [
      { label: 'The city', url: `${baseUrl}/city` },
      { label: `Skills spine (${written} skills)`, url: `${baseUrl}/skills` },
      { label: `A skill's public URL`, url: skillUrl(baseUrl, firstSkill.id) },
      { label: `Issuer: ${demoProvider.name}`, url: issuerUrls(baseUrl, demoProvider.id).v2 },
      { label: 'Health', url: `${baseUrl}/health` },
    ],
    keys: [
      { label: 'City admin', key: adminKey },
      { label: `Provider ${demoProvider.id}`, key: providerKey },
    ],
  };
}
