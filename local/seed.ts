// The demo data a local city starts with. Idempotent: every start re-applies it over what is there.
import type { CityConfig } from '../functions/city/config';
import { skillUrl } from '../functions/domain/skills';
import { syncSpine } from '../functions/spine/sync';

export interface SeedReport {
  skills: number;
  /** URLs worth opening, with what each shows. */
  links: { label: string; url: string }[];
}

export async function seedCity(config: CityConfig, baseUrl: string): Promise<SeedReport> {
  const { written } = await syncSpine(config.skillsSpine);
  const firstSkill = config.skillsSpine.skills[0]!;
  return {
    skills: written,
    links: [
      { label: 'The city', url: `${baseUrl}/city` },
      { label: `Skills spine (${written} skills)`, url: `${baseUrl}/skills` },
      { label: `A skill's public URL`, url: skillUrl(baseUrl, firstSkill.id) },
      { label: 'Health', url: `${baseUrl}/health` },
    ],
  };
}
