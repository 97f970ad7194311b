// The badge class and provider the awarding unit tests work with, as stored in the table.
import type { BadgeClass } from '../../functions/domain/badge-classes';
import { renderDefaultBadgeSvg } from '../../functions/domain/pages/default-badge-svg';

export const CLASS_ID = 'aaaaaaaaaaaaaaaa';

export const badgeClass: BadgeClass = {
  id: CLASS_ID,
  version: 1,
  issuerId: 'central-library',
  name: 'Code Club',
  description: 'Came to code club.',
  criteria: { narrative: 'Four sessions.' },
  alignments: [],
  tags: [],
  image: { key: `badge-classes/${CLASS_ID}/v1.svg`, type: 'svg' },
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

export const provider = { id: 'central-library', name: 'Central Library', url: 'https://library.example.org', email: 'a@library.example.org', createdAt: 'x', updatedAt: 'x' };

/** The class's image: the city's default SVG in its colours. */
export const classSvg = renderDefaultBadgeSvg({ name: 'Code Club', primaryColour: '#1b4f72', secondaryColour: '#f39c12' });
