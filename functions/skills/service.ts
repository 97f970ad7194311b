// The skills group's service: the city's spine as stored (written at deploy, functions/spine), read for
// its public URLs, and for a skill's page what builds the skill: the listed opportunities (soonest
// first) and the active badge classes aligned to it, with their providers' names; and the published pathways through it.
import { readCity } from '../../definitions/city-env';
import { listBadgeClassesBySkill } from '../data/badge-classes';
import { searchOpportunities } from '../data/opportunities';
import { getSkill, getSpine } from '../data/skills';
import { notFound } from '../domain/errors';
import { presentSkill, skillsFramework, type SkillsFilter } from '../domain/skills';
import { pathwaysThrough } from '../pathways/service';
import { findProvider } from '../services/providers';

const { baseUrl } = readCity();

/** How many of each a skill's page reads: enough for a few per level; the search lists the rest. */
const OPPORTUNITIES_READ = 60;
const BADGE_CLASSES_READ = 60;

async function readSkill(skillId: string) {
  const skill = await getSkill(skillId);
  if (!skill) throw notFound(`Skill "${skillId}"`);
  return skill;
}

/** A skill at its stable URL (retired ones too: badges link to them). */
export const publicSkill = async (skillId: string) => presentSkill(await readSkill(skillId), baseUrl);

export const publicSpine = async (filter: SkillsFilter) => skillsFramework(await getSpine(), filter, baseUrl);

/** Everything a skill's page shows: the skill, the opportunities and badge classes that build it, and the published pathways through it. */
export async function skillPageView(skillId: string, now: Date) {
  const skill = await readSkill(skillId);
  // A retired skill is no longer offered: its page explains it and lists nothing.
  const [opportunities, badgeClasses, pathways] = skill.retired
    ? [{ items: [] }, { items: [] }, []]
    : await Promise.all([searchOpportunities({ skill: [skillId] }, OPPORTUNITIES_READ, undefined, now), listBadgeClassesBySkill(skillId, BADGE_CLASSES_READ, undefined), pathwaysThrough(skillId)]);
  const providerIds = [...new Set(badgeClasses.items.map((c) => c.issuerId))];
  const providers = await Promise.all(providerIds.map((id) => findProvider(id)));
  return {
    skill: presentSkill(skill, baseUrl),
    opportunities: opportunities.items,
    badgeClasses: badgeClasses.items,
    pathways,
    providerNames: new Map(providers.flatMap((p) => (p ? [[p.id, p.name] as const] : []))),
  };
}
