// View models for the page tests: the demo city's real branding and a badge with every field filled.
import { readFileSync } from 'node:fs';
import { parseCityConfig } from '../../../definitions/city-config';
import type { BadgePageModel } from '../../../functions/domain/pages/badge-page';
import type { PageCity } from '../../../functions/domain/pages/layout';

const demo = parseCityConfig(JSON.parse(readFileSync('cities/demo.json', 'utf8')), 'cities/demo.json');

export const city: PageCity = { name: demo.name, baseUrl: 'https://learn.demo.example', branding: demo.branding };

const awardUrl = 'https://learn.demo.example/badges/awards/01HZX3K9Q4';

export interface BadgeOverrides {
  badge?: Partial<BadgePageModel['badge']>;
  status?: Partial<BadgePageModel['status']>;
  city?: Partial<PageCity>;
  next?: Partial<BadgePageModel['next']>;
}

/** Two opportunities a gardening badge leads to: one near, one online. */
export const nextOpportunities: BadgePageModel['next']['opportunities'] = [
  {
    id: 'opp00000000000a1',
    url: 'https://learn.demo.example/opportunities/opp00000000000a1',
    title: 'Lead a growing club',
    kind: 'volunteering',
    status: 'published',
    provider: { id: 'green-streets', name: 'Green Streets Trust' },
    nextSession: { start: '2026-04-11T09:00:00Z', end: '2026-04-11T12:00:00Z' },
    schedule: { type: 'sessions', sessions: [{ start: '2026-04-11T09:00:00Z', end: '2026-04-11T12:00:00Z' }] },
    cost: { free: true },
    ageRange: { min: 14 },
    place: { mode: 'in-person', name: 'Canal Side Garden', locality: 'Northfield', latitude: 52.41, longitude: -1.97 },
    distanceKm: 1.24,
  },
  {
    id: 'opp00000000000a2',
    url: 'https://learn.demo.example/opportunities/opp00000000000a2',
    title: 'Sustainability leadership, an online course with a very long title that has to wrap on a phone',
    kind: 'course',
    status: 'full',
    provider: { id: 'riverside-college', name: 'Riverside College' },
    when: 'Any time until 30 June 2026',
    cost: { free: false, price: 25, currency: 'GBP' },
    ageRange: { min: 16, max: 24 },
    place: { mode: 'online' },
  },
];

export function badgeModel(overrides: BadgeOverrides = {}): BadgePageModel {
  return {
    city: { ...city, ...overrides.city },
    badge: {
      id: '01HZX3K9Q4',
      url: awardUrl,
      name: 'Community Gardening',
      description:
        'Awarded to volunteers who helped plan, plant and look after a community food garden through a whole growing season.\n\nHolders can grow food with others and share what they know.',
      imageUrl: `${awardUrl}/image.png`,
      shareImageUrl: `${awardUrl}/share-image`,
      downloadUrl: `${awardUrl}/image.png?download=1`,
      assertionUrl: `${awardUrl}/assertion.json`,
      credentialUrl: `${awardUrl}/credential.json`,
      criteria: {
        narrative: 'Volunteer for at least 20 hours over one season.\nKeep a garden diary.\n\nLead one planting session for new volunteers.',
        url: 'https://greenstreets.example/badges/gardening/criteria',
      },
      issuedOn: '2026-03-12T09:30:00Z',
      expires: '2028-03-12T00:00:00Z',
      issuer: { name: 'Green Streets Trust', url: 'https://greenstreets.example', profileUrl: 'https://learn.demo.example/issuers/green-streets.json' },
      skills: [
        { name: 'Teamwork', url: 'https://learn.demo.example/skills/teamwork', framework: 'Demo City Skills Spine', code: 'teamwork' },
        { name: 'Sustainability in action', url: 'https://learn.demo.example/skills/sustainability', framework: 'Demo City Skills Spine', code: 'sustainability' },
      ],
      tags: ['gardening', 'volunteering', 'food growing'],
      evidence: [
        { name: 'Garden diary', url: 'https://greenstreets.example/diaries/4411', narrative: 'Twenty weeks of notes and photographs.' },
        { narrative: 'Led the spring planting session for eight new volunteers.' },
      ],
      narrative: 'I planned the beds with two friends, kept the diary every week and showed the new volunteers how to sow beans.',
      ...overrides.badge,
    },
    next: { opportunities: nextOpportunities, searchUrl: 'https://learn.demo.example/opportunities?skill=teamwork,sustainability', ...overrides.next },
    status: { state: 'valid', checkedAt: '2026-04-02T14:05:00Z', ...overrides.status },
  };
}
