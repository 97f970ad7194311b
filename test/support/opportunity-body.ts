// Valid opportunity bodies for tests, one of each schedule type, with overrides.
import type { z } from 'zod/mini';
import type { NewOpportunitySchema } from '../../functions/domain/opportunities';

export type Body = z.input<typeof NewOpportunitySchema>;

const day = (offsetDays: number, time = '17:00:00') => `${new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)}T${time}Z`;

export function opportunityBody(overrides: Partial<Body> = {}): Body {
  return {
    title: 'Code Club',
    description: 'Make games and animations in Scratch and Python with volunteers from local companies.',
    kind: 'activity',
    skills: [{ skillId: 'coding', level: 'explorer' }, { skillId: 'problem-solving' }],
    ageRange: { min: 9, max: 14 },
    cost: { type: 'free' },
    schedule: { type: 'sessions', sessions: [{ start: day(3), end: day(3, '19:00:00') }] },
    place: {
      mode: 'in-person',
      venue: { name: 'Central Library', streetAddress: '1 Library Square', locality: 'Demo City', postcode: 'DC1 1AA', latitude: 52.4797, longitude: -1.9027 },
    },
    accessibility: { supports: ['step-free-access', 'hearing-loop'], notes: 'Lift to every floor.' },
    takePart: { justTurnUp: true },
    languages: ['en'],
    ...overrides,
  };
}

export const inDays = day;
