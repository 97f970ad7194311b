// Page models for the portal's pages, built the way the handlers build them: opportunities parsed from
// valid bodies, their search results presented as the API answers them.
import { cardOf } from '../../functions/domain/opportunity-search';
import { NewOpportunitySchema, spanOf, type Opportunity } from '../../functions/domain/opportunities';
import { searchEngineData } from '../../functions/domain/opportunity-jsonld';
import type { PageCity } from '../../functions/domain/pages/layout';
import type { ResultView } from '../../functions/domain/pages/opportunity-results';
import { describeSchedule } from '../../functions/domain/pages/opportunity-text';
import type { OpportunityPageModel } from '../../functions/domain/pages/opportunity-page';
import type { SearchPageModel } from '../../functions/domain/pages/opportunity-search-page';
import type { HomePageModel } from '../../functions/domain/pages/portal-home';
import { presentResult } from '../../functions/opportunities/present';
import { opportunityBody, type Body } from './opportunity-body';

let counter = 0;

export function opportunity(body: Partial<Body> = {}, status: Opportunity['status'] = 'published'): Opportunity {
  const parsed = NewOpportunitySchema.parse(opportunityBody(body));
  const { providerId: _p, ...fields } = parsed;
  const id = `opp${String(counter++).padStart(13, 'a')}`.slice(0, 16).replace(/[^a-z2-7]/g, 'a');
  return { ...fields, id, providerId: 'central-library', ...spanOf(parsed.schedule), status, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
}

export function result(city: PageCity, o: Opportunity, distanceKm?: number): ResultView {
  const card = cardOf(o, 'Central Library', []);
  return { ...presentResult({ card, ...(distanceKm !== undefined ? { distanceKm } : {}) }, city.baseUrl, new Date()), schedule: o.schedule, when: describeSchedule(o.schedule) };
}

const venue = (name: string, latitude: number, longitude: number) => ({ name, streetAddress: '1 High Street', locality: 'Demo City', postcode: 'DC1 1AA', latitude, longitude });

/** A spread of opportunities: every kind, long titles, paid and free, online and in person. */
export function sampleOpportunities(): Opportunity[] {
  return [
    opportunity({ title: 'Code Club for curious minds: games, animations and a robot that draws' }),
    opportunity({ title: 'Weekly youth robotics club', kind: 'activity', schedule: { type: 'recurring', frequency: 'weekly', days: ['TU', 'TH'], startTime: '17:00', endTime: '18:30', startDate: new Date().toISOString().slice(0, 10), endDate: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10), exceptions: [] }, place: { mode: 'in-person', venue: venue('Northfield Youth Hub', 52.4862, -1.8904) } }),
    opportunity({ title: 'Introduction to web design', kind: 'course', cost: { type: 'paid', price: 45, currency: 'GBP', concessions: 'Free for learners on benefits' }, ageRange: { min: 16 }, place: { mode: 'blended', venue: venue('City College, Room 204', 52.4751, -1.8915), onlineUrl: 'https://college.example.org/live' } }),
    opportunity({ title: 'Museum volunteers: tell the city’s stories', kind: 'volunteering', ageRange: { min: 14, max: 25 }, schedule: { type: 'open', from: '2026-01-01', until: new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10), hours: 'Saturdays, 10:00 to 13:00' }, place: { mode: 'in-person', venue: venue('City Museum', 52.48, -1.9035) } }, 'full'),
    opportunity({ title: 'Junior developer apprenticeship', kind: 'apprenticeship', ageRange: { min: 16, max: 24 }, schedule: { type: 'open', from: '2026-01-01', until: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) }, takePart: { bookingUrl: 'https://jobs.example.org/apply' }, place: { mode: 'online' } }),
  ];
}

export function homeModel(city: PageCity): HomePageModel {
  const results = sampleOpportunities().map((o) => result(city, o));
  return {
    city,
    about: 'Demo City of Learning connects young people with clubs, courses, volunteering and jobs, and recognises what they learn with badges.',
    groups: [
      { id: 'core', name: 'Core skills', description: 'Skills every learner uses.', skills: [{ id: 'communication', name: 'Communication' }, { id: 'teamwork', name: 'Teamwork' }] },
      { id: 'digital', name: 'Digital skills', skills: [{ id: 'coding', name: 'Coding' }] },
    ],
    soon: results.slice(0, 3),
    featured: results.slice(3),
    providers: [{ id: 'central-library', name: 'Central Library', description: 'Coding clubs and maker days.' }, { id: 'city-museum', name: 'City Museum' }],
  };
}

export function searchModel(city: PageCity, assetsOrigin: string, tiles?: { tilesUrl: string; attribution: string }): SearchPageModel {
  return {
    city,
    values: { q: 'code', skill: ['coding'], kind: ['activity', 'course'], near: '52.4797,-1.9027', radiusKm: '5', sort: 'nearest' },
    results: sampleOpportunities().map((o, i) => result(city, o, i * 0.7)),
    nextUrl: `${city.baseUrl}/opportunities?q=code&cursor=abc`,
    skills: [{ id: 'coding', name: 'Coding' }, { id: 'teamwork', name: 'Teamwork' }],
    places: [{ name: 'City centre', lat: 52.4797, lng: -1.9027 }, { name: 'Northfield', lat: 52.4862, lng: -1.8904 }],
    map: { centre: { lat: 52.4797, lng: -1.9027 }, ...tiles },
    assets: { leafletCss: `${assetsOrigin}/assets/leaflet.css`, leafletJs: `${assetsOrigin}/assets/leaflet.js`, mapJs: `${assetsOrigin}/assets/opportunity-map.js` },
  };
}

export function opportunityModel(city: PageCity, o: Opportunity = sampleOpportunities()[2]!): OpportunityPageModel {
  const url = `${city.baseUrl}/opportunities/${o.id}`;
  const provider = { id: 'central-library', name: 'Central Library', url: `${city.baseUrl}/issuers/central-library` };
  const badges = [{ name: 'Web Designer (Explorer)', url: `${city.baseUrl}/badge-classes/aaaaaaaaaaaaaaaa` }];
  return {
    city,
    opportunity: o,
    url,
    calendarUrl: `${url}/calendar`,
    bookUrl: `${url}/book`,
    provider,
    skills: [{ name: 'Coding', url: `${city.baseUrl}/skills/coding`, level: 'Explorer' }, { name: 'Problem solving', url: `${city.baseUrl}/skills/problem-solving` }],
    badges,
    jsonLd: searchEngineData(o, { baseUrl: city.baseUrl, url, provider, skillNames: new Map([['coding', 'Coding']]), badges }, new Date()),
    now: new Date(),
  };
}
