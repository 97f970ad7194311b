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
}

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
      ...overrides.badge,
    },
    status: { state: 'valid', checkedAt: '2026-04-02T14:05:00Z', ...overrides.status },
  };
}
