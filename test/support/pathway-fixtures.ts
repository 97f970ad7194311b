// A pathway page's model with every part filled: nested steps (a required order, a choice of one, three
// from different skill groups within a year), opportunity steps, where to earn each badge, a milestone
// and a destination; shared by the page's unit and browser tests.
import type { PageCity } from '../../functions/domain/pages/layout';
import type { PathwayPageModel, StepOpportunity } from '../../functions/domain/pages/pathway-page';
import type { PathwaysPageModel } from '../../functions/domain/pages/pathways-page';
import type { Rule } from '../../functions/domain/pathway-rules';

export const CLASSES = {
  code: 'codeclubaaaaaaaa',
  maker: 'makerdayaaaaaaaa',
  retrofit: 'retrofitaaaaaaaa',
  voice: 'youthvoiceaaaaaa',
  curator: 'curatoraaaaaaaaa',
  garden: 'gardeneraaaaaaaa',
  milestone: 'milestoneaaaaaaa',
} as const;

export const rule: Rule = {
  type: 'group',
  order: 'required',
  of: [
    { type: 'badge-class', badgeClassId: CLASSES.code },
    { type: 'opportunity', opportunityId: 'workweekaaaaaaaa', badgeClassIds: ['engineeraaaaaaaa'] },
    { type: 'group', name: 'Make something', required: 1, of: [{ type: 'badge-class', badgeClassId: CLASSES.maker }, { type: 'badge-class', badgeClassId: CLASSES.retrofit }] },
    {
      type: 'group',
      name: 'Explore the city',
      required: 2,
      distinct: 'skill-group',
      window: { withinDays: 365 },
      of: [{ type: 'badge-class', badgeClassId: CLASSES.voice }, { type: 'badge-class', badgeClassId: CLASSES.curator }, { type: 'badge-class', badgeClassId: CLASSES.garden }],
    },
  ],
};

const opportunity = (city: PageCity, title: string, overrides: Partial<StepOpportunity> = {}): StepOpportunity => ({
  title,
  url: `${city.baseUrl}/opportunities/${title.toLowerCase().replace(/[^a-z]+/g, '-')}`,
  kind: 'activity',
  provider: 'Central Library',
  when: 'Next: Tue 12 Jan 2027, 16:30–18:00',
  where: 'Central Library, Demo City',
  full: false,
  ...overrides,
});

const badge = (city: PageCity, id: string, name: string, provider = 'Central Library') => ({
  name,
  description: `${name}: a badge of the demo city, earned by taking part and showing the skills it names.`,
  url: `${city.baseUrl}/badge-classes/${id}`,
  imageUrl: `${city.baseUrl}/badge-classes/${id}/versions/1/image`,
  provider,
});

export function pathwayModel(city: PageCity, overrides: Partial<PathwayPageModel> = {}): PathwayPageModel {
  return {
    city,
    urls: { page: `${city.baseUrl}/pathways/p6wz3mk2xt7dn4qa`, ctdl: `${city.baseUrl}/pathways/p6wz3mk2xt7dn4qa/ctdl` },
    pathway: {
      name: 'Into Engineering',
      description: 'From a first program to an engineering apprenticeship at Brightwater.\n\nStart at the library Code Club, spend a week with our engineers, then show what you can make.',
      status: 'published',
      version: 2,
      publishedAt: '2026-11-20T10:00:00.000Z',
      rule,
      provider: { name: 'Brightwater Engineering', url: `${city.baseUrl}/issuers/brightwater` },
      skills: [
        { name: 'Problem solving', url: `${city.baseUrl}/skills/problem-solving` },
        { name: 'Coding', url: `${city.baseUrl}/skills/coding` },
      ],
    },
    badgeClasses: new Map([
      [CLASSES.code, badge(city, CLASSES.code, 'Code Club: First Steps')],
      [CLASSES.maker, badge(city, CLASSES.maker, 'Maker Day Presenter')],
      [CLASSES.retrofit, badge(city, CLASSES.retrofit, 'Retrofit Ready', 'Riverside College')],
      [CLASSES.voice, badge(city, CLASSES.voice, 'Youth Voice', 'Northfield Youth Club')],
      [CLASSES.curator, badge(city, CLASSES.curator, 'Young Curator', 'City Museum and Art Gallery')],
      [CLASSES.garden, badge(city, CLASSES.garden, 'Community Gardener', 'Green Streets Trust')],
    ]),
    opportunities: new Map([['workweekaaaaaaaa', opportunity(city, 'Engineering work experience week', { kind: 'work-experience', provider: 'Brightwater Engineering', when: 'Next: Mon 8 Feb 2027 09:00 to Fri 12 Feb 2027 16:00', where: 'Brightwater Engineering, Demo City' })]]),
    whereToEarn: new Map([
      [CLASSES.code, [opportunity(city, 'Code Club'), opportunity(city, 'Code Club (Saturdays)', { full: true })]],
      [CLASSES.maker, [opportunity(city, 'Maker Day: build a robot that draws', { kind: 'event' })]],
      [CLASSES.retrofit, []],
      [CLASSES.voice, [opportunity(city, 'Youth council', { provider: 'Northfield Youth Club' })]],
      [CLASSES.curator, []],
      [CLASSES.garden, [opportunity(city, 'Community gardening', { provider: 'Green Streets Trust' })]],
    ]),
    milestone: badge(city, CLASSES.milestone, 'Ready for Engineering', 'Brightwater Engineering'),
    destination: {
      kind: 'apprenticeship',
      name: 'Engineering apprenticeship (level 3)',
      url: `${city.baseUrl}/opportunities/apprenticeship`,
      opportunity: opportunity(city, 'Engineering apprenticeship (level 3)', { kind: 'apprenticeship', provider: 'Brightwater Engineering', when: 'Open from 1 December 2026 until 30 January 2027', where: 'Brightwater Engineering, Demo City' }),
    },
    ...overrides,
  };
}

export function pathwaysModel(city: PageCity): PathwaysPageModel {
  return {
    city,
    pathways: [
      { name: 'City Explorer', url: `${city.baseUrl}/pathways/a`, summary: 'Explore the city: earn three badges from three different skill groups within a year.', providerName: 'Central Library', steps: 6, milestoneBadgeClassId: CLASSES.milestone },
      { name: 'Green Futures', url: `${city.baseUrl}/pathways/b`, summary: 'Grow, lead, then build: three steps, each after the one before, into green work.', providerName: 'Green Streets Trust', steps: 3, milestoneBadgeClassId: CLASSES.milestone, destination: { kind: 'job', name: 'Project officer (part time)' } },
      { name: 'Into Engineering', url: `${city.baseUrl}/pathways/c`, summary: 'From a first program to an engineering apprenticeship at Brightwater.', providerName: 'Brightwater Engineering', steps: 4, destination: { kind: 'apprenticeship', name: 'Engineering apprenticeship (level 3)' } },
    ],
    nextUrl: `${city.baseUrl}/pathways?cursor=abc`,
  };
}
