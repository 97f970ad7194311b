// The demo data a local city starts with: the spine, a provider and keys to try the API with, and the
// demo badge classes (with one award) that fit the city's spine. A new city's starter spine (city:new)
// lacks their skills, so it starts with none. Idempotent: every start re-applies it over what is there.
import { ensureDemoClaimCode } from './seed-claims';
import type { CityConfig } from '../definitions/city-config';
import type { SkillsSpine } from '../definitions/skills-spine';
import { issueApiKey } from '../functions/api-keys/service';
import { getApiKey } from '../functions/data/api-keys';
import { createProvider, getProvider } from '../functions/data/providers';
import { parseApiKey } from '../functions/domain/api-keys';
import { issuerUrls } from '../functions/domain/openbadges/issuer';
import type { NewProvider } from '../functions/domain/providers';
import { skillUrl } from '../functions/domain/skills';
import { syncInsights, syncSpine } from '../functions/spine/service';
import { issueAward } from '../functions/services/awarding';
import { createBadgeClass } from '../functions/badge-classes/service';
import { getAward } from '../functions/data/awards';
import { getBadgeClass } from '../functions/data/badge-classes';
import type { Principal } from '../functions/domain/api-keys';
import { awardUrls } from '../functions/domain/awards';
import type { NewBadgeClass } from '../functions/domain/badge-classes';
import { seedDirectory } from './seed-directory';
import { seedPathways } from './seed-pathways';
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

const demoBadgeClasses: NewBadgeClass[] = [
  {
    name: 'Code Club: First Steps',
    description: 'Built and shared a first program at the library Code Club.',
    criteria: { narrative: 'Come to four Code Club sessions, build a small program of your own design and show it to the group.' },
    alignments: [{ skillId: 'coding', level: 'explorer' }, { skillId: 'problem-solving' }],
    tags: ['coding', 'code club'],
  },
  {
    name: 'Maker Day Presenter',
    description: 'Presented a project at a library Maker Day and answered questions from visitors.',
    criteria: { narrative: 'Present something you made at a Maker Day for at least ten minutes.' },
    alignments: [{ skillId: 'communication', level: 'builder' }, { skillId: 'digital-making' }],
    tags: ['making', 'presenting'],
    expiresAfterDays: 730,
  },
];

/** Whether every skill and level a badge class aligns to is in the spine. */
const fitsSpine = (badgeClass: NewBadgeClass, spine: SkillsSpine) =>
  badgeClass.alignments.every(
    ({ skillId, level }) => spine.skills.some((skill) => skill.id === skillId) && (!level || spine.levels.some((l) => l.id === level)),
  );

/** The demo badge classes that fit the spine, and one award, made once and found again on later starts. */
async function ensureDemoBadges(secrets: LocalSecrets, principal: Principal, spine: SkillsSpine) {
  const fitting = demoBadgeClasses.filter((badgeClass) => fitsSpine(badgeClass, spine));
  const existing = await Promise.all(secrets.demo.badgeClassIds.map((id) => getBadgeClass(id)));
  if (existing.length !== fitting.length || existing.some((c) => !c)) {
    const created = [];
    for (const input of fitting) created.push(await createBadgeClass(input, principal, new Date()));
    secrets.demo = { badgeClassIds: created.map((c) => c.id) };
  }
  if (secrets.demo.badgeClassIds.length === 0) return { badgeClassIds: [] };
  if (!secrets.demo.awardId || !(await getAward(secrets.demo.awardId))) {
    const award = await issueAward(
      secrets.demo.badgeClassIds[0]!,
      {
        recipient: { email: 'demo.learner@example.org' },
        narrative: 'I made a maze game in Scratch with a friend: the walls move when you collect a key. I showed it to the group at the last session.',
        evidence: [{ url: 'https://example.org/demo-project', name: 'A maze game in Scratch' }],
      },
      principal,
      { now: new Date() },
    );
    secrets.demo.awardId = award.id;
  }
  return { badgeClassIds: secrets.demo.badgeClassIds, awardId: secrets.demo.awardId };
}

export async function seedCity(config: CityConfig, baseUrl: string, secrets: LocalSecrets): Promise<SeedReport> {
  const { written } = await syncSpine(config.skillsSpine);
  await syncInsights(config.insights);
  if (!(await getProvider(demoProvider.id))) await createProvider(demoProvider, new Date());
  const adminKey = await ensureKey(secrets, 'city-admin', { role: 'city-admin', scopes: [], label: 'Local city admin' });
  const providerKey = await ensureKey(secrets, demoProvider.id, {
    role: 'provider',
    providerId: demoProvider.id,
    scopes: ['badges:issue', 'badges:manage', 'profile:write', 'opportunities:manage'],
    label: 'Local demo provider',
  });
  const demo = await ensureDemoBadges(
    secrets,
    { role: 'provider', providerId: demoProvider.id, scopes: ['badges:issue', 'badges:manage'], keyPrefix: 'seed' },
    config.skillsSpine,
  );
  const claimLink = demo.badgeClassIds[0]
    ? [{ label: 'A demo claim code (scan or open, sign in, claim)', url: await ensureDemoClaimCode(baseUrl, demo.badgeClassIds[0], { role: 'provider', providerId: demoProvider.id, scopes: ['badges:issue'], keyPrefix: 'seed' }) }]
    : [];
  const firstSkill = config.skillsSpine.skills[0]!;
  const directory = await seedDirectory(config, baseUrl);
  const pathways = await seedPathways(config, baseUrl);
  const badgeLinks = demo.awardId
    ? [
        { label: 'An awarded badge (open in a browser)', url: awardUrls(baseUrl, demo.awardId).page },
        { label: 'Its signed OB 3.0 credential', url: awardUrls(baseUrl, demo.awardId).credential },
        { label: 'Its baked image', url: awardUrls(baseUrl, demo.awardId).image },
      ]
    : [];
  const classId = demo.badgeClassIds.at(-1);
  return {
    skills: written,
    links: [
      ...directory.links,
      ...pathways.links,
      { label: 'The city', url: `${baseUrl}/city` },
      { label: `Skills spine (${written} skills)`, url: `${baseUrl}/skills` },
      { label: `A skill's public URL`, url: skillUrl(baseUrl, firstSkill.id) },
      { label: `Issuer: ${demoProvider.name}`, url: issuerUrls(baseUrl, demoProvider.id).v2 },
      ...badgeLinks,
      ...claimLink,
      ...(classId ? [{ label: 'A badge class (OB 2.0)', url: `${baseUrl}/badge-classes/${classId}` }] : []),
      { label: 'The API reference (open in a browser)', url: `${baseUrl}/docs` },
      { label: 'The API contract (OpenAPI 3.1)', url: `${baseUrl}/openapi.json` },
      { label: 'Health', url: `${baseUrl}/health` },
    ],
    keys: [
      { label: 'City admin', key: adminKey },
      { label: `Provider ${demoProvider.id}`, key: providerKey },
    ],
  };
}
