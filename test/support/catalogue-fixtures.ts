// Page models for the catalogue pages (the spine, a skill, a provider, a badge class), built the way
// their handlers build them: the demo city's real spine, and search results presented as the API
// answers them (test/support/portal-fixtures.ts).
import { readFileSync } from 'node:fs';
import { parseCityConfig } from '../../definitions/city-config';
import type { BadgeClassPageModel } from '../../functions/domain/pages/badge-class-page';
import type { BadgeClassTile } from '../../functions/domain/pages/catalogue';
import type { PageCity } from '../../functions/domain/pages/layout';
import type { ProviderPageModel } from '../../functions/domain/pages/provider-page';
import { learningByLevel, type SkillPageModel } from '../../functions/domain/pages/skill-page';
import type { SpinePageModel } from '../../functions/domain/pages/spine-page';
import { presentSkill, skillsFromSpine } from '../../functions/domain/skills';
import { result, sampleOpportunities } from './portal-fixtures';

const demo = parseCityConfig(JSON.parse(readFileSync('cities/demo.json', 'utf8')), 'cities/demo.json');
export const demoSpine = skillsFromSpine(demo.skillsSpine);

export function badgeTiles(city: PageCity, imageUrl = `${city.baseUrl}/badge.svg`): BadgeClassTile[] {
  return [
    { name: 'Code Club: First Steps', url: `${city.baseUrl}/badge-classes/aaaaaaaaaaaaaaaa`, imageUrl, description: 'Built and shared a first program at the library Code Club.', provider: 'Central Library' },
    { name: 'Web Designer', url: `${city.baseUrl}/badge-classes/bbbbbbbbbbbbbbbb`, imageUrl, description: 'Designed, built and published an accessible website of their own over ten weeks at Riverside College, and explained the choices they made to the group.', provider: 'Riverside College' },
    { name: 'Engineering Explorer', url: `${city.baseUrl}/badge-classes/cccccccccccccccc`, imageUrl, description: 'Worked on a real design problem with engineers for a week.', provider: 'Brightwater Engineering' },
  ];
}

export function spineModel(city: PageCity): SpinePageModel {
  const { summary, skills } = demoSpine;
  return {
    city,
    url: `${city.baseUrl}/skills`,
    name: summary.name,
    version: summary.version,
    description: summary.description,
    levels: summary.levels,
    groups: summary.groups.map((g) => ({
      ...g,
      skills: skills.filter((s) => s.group.id === g.id).map((s) => ({ name: s.name, url: `${city.baseUrl}/skills/${s.id}`, description: s.description })),
    })),
  };
}

/** Coding, with opportunities at Explorer (five: one more than a level shows), Builder and no level, and badges at two levels. */
export function skillModel(city: PageCity, imageUrl?: string): SkillPageModel {
  const skill = presentSkill(demoSpine.skills.find((s) => s.id === 'coding')!, city.baseUrl);
  const views = sampleOpportunities().map((o) => result(city, o));
  const [club, robotics, web, museum, apprenticeship] = views as [typeof views[number], typeof views[number], typeof views[number], typeof views[number], typeof views[number]];
  const tiles = badgeTiles(city, imageUrl);
  const learning = learningByLevel(
    skill.levels.map((l) => l.id),
    [
      { view: club, level: 'explorer' },
      { view: robotics, level: 'explorer' },
      { view: museum, level: 'explorer' },
      { view: { ...club, id: 'extra1', title: 'Scratch taster' }, level: 'explorer' },
      { view: { ...robotics, id: 'extra2', title: 'Minecraft coding' }, level: 'explorer' },
      { view: web, level: 'builder' },
      { view: apprenticeship },
    ],
    [
      { tile: tiles[0]!, levels: ['explorer'] },
      { tile: tiles[1]!, levels: ['builder'] },
      { tile: tiles[2]!, levels: [] },
    ],
    `${city.baseUrl}/opportunities?skill=coding`,
  );
  const pathways = [{ name: 'From Code Club to a digital apprenticeship', url: `${city.baseUrl}/pathways/aaaaaaaaaaaaaaaaaaaa`, summary: 'Four badges from the Code Club to the council’s digital apprenticeship.' }];
  return { city, skill, learning, pathways };
}

export function providerModel(city: PageCity, imageUrl?: string): ProviderPageModel {
  const url = `${city.baseUrl}/issuers/central-library`;
  return {
    city,
    provider: { id: 'central-library', name: 'Central Library', url: 'https://library.example.org', email: 'learning@library.example.org', description: 'Coding clubs, maker days and digital skills sessions for all ages.\n\nOpen six days a week in Library Square.' },
    url,
    profileUrl: `${url}/profile`,
    upcoming: sampleOpportunities().slice(0, 3).map((o) => result(city, o)),
    searchUrl: `${city.baseUrl}/opportunities?provider=central-library`,
    moreUpcoming: true,
    badges: badgeTiles(city, imageUrl).slice(0, 2),
  };
}

export function badgeClassModel(city: PageCity, imageUrl = `${city.baseUrl}/badge.svg`): BadgeClassPageModel {
  return {
    city,
    badgeClass: {
      name: 'Code Club: First Steps',
      description: 'Built and shared a first program at the library Code Club.',
      criteria: { narrative: 'Come to four Code Club sessions.\nBuild a small program of your own design.\n\nShow it to the group and say what you would add next.', url: 'https://library.example.org/badges/code-club' },
      tags: ['coding', 'code club'],
      expiresAfterDays: 730,
      status: 'active',
    },
    url: `${city.baseUrl}/badge-classes/aaaaaaaaaaaaaaaa`,
    imageUrl,
    provider: { name: 'Central Library', url: `${city.baseUrl}/issuers/central-library` },
    skills: [
      { name: 'Coding', url: `${city.baseUrl}/skills/coding`, level: 'Explorer' },
      { name: 'Problem solving', url: `${city.baseUrl}/skills/problem-solving` },
    ],
    pathways: [{ name: 'From Code Club to a digital apprenticeship', url: `${city.baseUrl}/pathways/aaaaaaaaaaaaaaaaaaaa` }],
    opportunities: sampleOpportunities().slice(0, 2).map((o) => result(city, o)),
    moreOpportunities: true,
    searchUrl: `${city.baseUrl}/opportunities?badgeClass=aaaaaaaaaaaaaaaa`,
  };
}
