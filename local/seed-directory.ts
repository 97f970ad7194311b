// The demo city's directory: providers of every kind (library, youth club, college, museum, employer,
// charity), 40+ opportunities of every kind over fictional places with coordinates, badge classes
// linked to them, and an award of each provider's first. Idempotent: what exists (by provider and
// title, or badge name) is kept; an opportunity that has ended since is moved to its dates from now.
// Only skills and levels of the city's own spine are used: a city with another spine gets the
// opportunities that fit it.
import type { CityConfig } from '../definitions/city-config';
import { issueAward } from '../functions/services/awarding';
import { createBadgeClass } from '../functions/badge-classes/service';
import { listBadgeClassesByProvider } from '../functions/data/badge-classes';
import { listOpportunitiesByProvider } from '../functions/data/opportunities';
import { createProvider, getProvider } from '../functions/data/providers';
import type { Principal } from '../functions/domain/api-keys';
import type { BadgeClass } from '../functions/domain/badge-classes';
import { NewOpportunitySchema, type AccessibilitySupport, type NewOpportunity, type Opportunity } from '../functions/domain/opportunities';
import type { NewProvider } from '../functions/domain/providers';
import { changeOpportunity, createOpportunity } from '../functions/opportunities/service';

const admin: Principal = { role: 'city-admin', scopes: [], keyPrefix: 'seed' };

interface Venue {
  name: string;
  streetAddress: string;
  postcode: string;
  latitude: number;
  longitude: number;
}

// Fictional places of the demo city, spread over about 8 × 6 km.
const PLACES: Record<string, Venue> = {
  library: { name: 'Central Library', streetAddress: '1 Library Square', postcode: 'DC1 1AA', latitude: 52.4797, longitude: -1.9027 },
  northfield: { name: 'Northfield Youth Hub', streetAddress: '42 Beacon Road', postcode: 'DC4 2NB', latitude: 52.5015, longitude: -1.8854 },
  college: { name: 'Riverside College', streetAddress: 'Canal Street', postcode: 'DC2 5RC', latitude: 52.4721, longitude: -1.8836 },
  museum: { name: 'City Museum and Art Gallery', streetAddress: 'Chamberlain Walk', postcode: 'DC1 3MG', latitude: 52.4804, longitude: -1.9041 },
  works: { name: 'Brightwater Engineering', streetAddress: 'Unit 7, Foundry Park', postcode: 'DC6 8BE', latitude: 52.4583, longitude: -1.9302 },
  green: { name: 'Eastside Community Garden', streetAddress: 'Allotment Lane', postcode: 'DC7 1EG', latitude: 52.4869, longitude: -1.8612 },
  southbank: { name: 'Southbank Community Centre', streetAddress: '9 Mill Lane', postcode: 'DC5 4SC', latitude: 52.4530, longitude: -1.8991 },
};


const PROVIDERS: (NewProvider & { venue: keyof typeof PLACES })[] = [
  { id: 'central-library', name: 'Central Library', url: 'https://library.example.org', email: 'learning@library.example.org', description: 'Coding clubs, maker days and digital skills sessions for all ages.', venue: 'library' },
  { id: 'northfield-youth', name: 'Northfield Youth Club', url: 'https://northfield-youth.example.org', email: 'hello@northfield-youth.example.org', description: 'Evening clubs, sport and music for 11-19 year olds.', venue: 'northfield' },
  { id: 'riverside-college', name: 'Riverside College', url: 'https://riverside-college.example.org', email: 'courses@riverside-college.example.org', description: 'Further education: short courses, diplomas and apprenticeships.', venue: 'college' },
  { id: 'city-museum', name: 'City Museum and Art Gallery', url: 'https://museum.example.org', email: 'learning@museum.example.org', description: 'Workshops, family days and volunteering in the city’s museum.', venue: 'museum' },
  { id: 'brightwater', name: 'Brightwater Engineering', url: 'https://brightwater.example.org', email: 'careers@brightwater.example.org', description: 'An engineering employer offering placements, apprenticeships and jobs.', venue: 'works' },
  { id: 'green-streets', name: 'Green Streets Trust', url: 'https://greenstreets.example.org', email: 'volunteer@greenstreets.example.org', description: 'A charity greening the city with its residents.', venue: 'green' },
];

type Kind = NewOpportunity['kind'];

interface Template {
  provider: string;
  title: string;
  kind: Kind;
  skills: [string, string?][];
  description: string;
  ages: [number, number?];
  /** Price in pounds; absent is free. */
  price?: number;
  /** weekly/fortnightly: day list; once: days from now; open: days it stays open. */
  when: { weekly: ('MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU')[]; time: [string, string]; weeks: number; fortnightly?: true } | { once: number; time: [string, string]; days?: number } | { open: number; hours?: string };
  venue?: keyof typeof PLACES;
  online?: true;
  takePart: 'turn-up' | 'book' | 'email';
  access?: AccessibilitySupport[];
  badge?: string;
}

const T = (t: Template) => t;

const TEMPLATES: Template[] = [
  // Library
  T({ provider: 'central-library', title: 'Code Club', kind: 'activity', skills: [['coding', 'explorer'], ['problem-solving']], description: 'Make games and animations in Scratch, then Python. Laptops provided; volunteers from local companies help.', ages: [9, 13], when: { weekly: ['TU'], time: ['16:30', '18:00'], weeks: 12 }, takePart: 'turn-up', access: ['step-free-access', 'accessible-toilet', 'hearing-loop'], badge: 'Code Club: First Steps' }),
  T({ provider: 'central-library', title: 'Maker Day: build a robot that draws', kind: 'event', skills: [['digital-making'], ['creativity']], description: 'A day of motors, pens and microcontrollers. Show what you made to visitors at the end.', ages: [8, 16], when: { once: 9, time: ['10:00', '15:00'] }, takePart: 'book', access: ['step-free-access', 'quiet-space'], badge: 'Maker Day Presenter' }),
  T({ provider: 'central-library', title: 'Staying safe online: a family workshop', kind: 'event', skills: [['online-safety'], ['digital-literacy']], description: 'Parents and children learn together how to protect accounts, spot scams and talk about what they see online.', ages: [8], when: { once: 5, time: ['11:00', '12:30'] }, takePart: 'book', access: ['step-free-access', 'hearing-loop'] }),
  T({ provider: 'central-library', title: 'Digital skills drop-in', kind: 'activity', skills: [['digital-literacy', 'explorer']], description: 'Bring a phone, tablet or laptop and a question: email, forms, video calls, job sites.', ages: [16], when: { weekly: ['WE', 'FR'], time: ['10:00', '12:00'], weeks: 10 }, takePart: 'turn-up', access: ['step-free-access', 'visual-impairment'] }),
  T({ provider: 'central-library', title: 'Python for beginners (online)', kind: 'course', skills: [['coding', 'builder']], description: 'Six evening sessions online: variables, loops, functions and a small project of your own.', ages: [14], when: { weekly: ['TH'], time: ['18:30', '20:00'], weeks: 6 }, online: true, takePart: 'book' }),
  T({ provider: 'central-library', title: 'Library volunteer: homework club helper', kind: 'volunteering', skills: [['communication', 'builder'], ['teamwork']], description: 'Help younger pupils with reading and homework, two afternoons a week.', ages: [16], when: { open: 120, hours: 'Mondays and Wednesdays, 15:30 to 17:00' }, takePart: 'email' }),
  T({ provider: 'central-library', title: '3D printing taster', kind: 'event', skills: [['digital-making', 'explorer']], description: 'Design a keyring and print it. One hour, all materials provided.', ages: [10, 18], when: { once: 16, time: ['14:00', '15:00'] }, takePart: 'book' }),
  // Youth club
  T({ provider: 'northfield-youth', title: 'Friday night music studio', kind: 'activity', skills: [['creativity'], ['teamwork']], description: 'Record, mix and perform with the youth workers and a visiting producer.', ages: [11, 19], when: { weekly: ['FR'], time: ['18:00', '21:00'], weeks: 14 }, takePart: 'turn-up', access: ['step-free-access'] }),
  T({ provider: 'northfield-youth', title: 'Youth council', kind: 'activity', skills: [['communication', 'leader'], ['teamwork', 'leader']], description: 'Young people deciding how the club spends its budget, and speaking for Northfield at the city council.', ages: [13, 19], when: { weekly: ['MO'], time: ['18:00', '19:30'], weeks: 16, fortnightly: true }, takePart: 'turn-up', badge: 'Youth Voice' }),
  T({ provider: 'northfield-youth', title: 'Cook and eat on a budget', kind: 'course', skills: [['resilience'], ['teamwork']], description: 'Four sessions: plan, shop and cook a meal for four for under ten pounds.', ages: [14, 19], when: { weekly: ['WE'], time: ['17:00', '19:00'], weeks: 4 }, takePart: 'book' }),
  T({ provider: 'northfield-youth', title: 'Summer sports leaders', kind: 'volunteering', skills: [['teamwork', 'builder'], ['communication']], description: 'Help run the holiday sports programme for younger children; training given.', ages: [15, 19], when: { open: 75, hours: 'Weekdays in the holidays, mornings' }, takePart: 'email' }),
  T({ provider: 'northfield-youth', title: 'Film-making weekend', kind: 'event', skills: [['digital-making'], ['creativity', 'builder']], description: 'Write, shoot and edit a short film in two days; premiere on Sunday evening.', ages: [12, 18], when: { once: 20, time: ['10:00', '16:00'], days: 2 }, takePart: 'book' }),
  T({ provider: 'northfield-youth', title: 'Wellbeing walk and talk', kind: 'activity', skills: [['resilience', 'explorer']], description: 'A gentle walk around Northfield park with a youth worker; talk or just walk.', ages: [11, 19], when: { weekly: ['SA'], time: ['11:00', '12:00'], weeks: 12 }, takePart: 'turn-up' }),
  // College
  T({ provider: 'riverside-college', title: 'Introduction to web design', kind: 'course', skills: [['coding', 'builder'], ['creativity']], description: 'Ten weeks of HTML, CSS and accessible design; build and publish your own site.', ages: [16], price: 45, when: { weekly: ['TU'], time: ['18:00', '20:30'], weeks: 10 }, takePart: 'book', access: ['step-free-access', 'accessible-toilet', 'hearing-loop'], badge: 'Web Designer' }),
  T({ provider: 'riverside-college', title: 'Green construction skills', kind: 'course', skills: [['sustainability', 'builder'], ['problem-solving']], description: 'Insulation, heat pumps and retrofit basics in the college workshops.', ages: [16], price: 60, when: { weekly: ['MO', 'WE'], time: ['09:30', '12:30'], weeks: 8 }, takePart: 'book', badge: 'Retrofit Ready' }),
  T({ provider: 'riverside-college', title: 'Open evening', kind: 'event', skills: [['communication', 'explorer']], description: 'Meet tutors, see the workshops and find out about courses starting in September.', ages: [14], when: { once: 12, time: ['17:00', '19:30'] }, takePart: 'turn-up', access: ['step-free-access', 'sign-language'] }),
  T({ provider: 'riverside-college', title: 'Digital marketing apprenticeship', kind: 'apprenticeship', skills: [['digital-literacy', 'builder'], ['enterprise']], description: 'A level 3 apprenticeship with local businesses: four days at work, one at college.', ages: [16, 24], when: { open: 45 }, takePart: 'book' }),
  T({ provider: 'riverside-college', title: 'Maths and English refresher (online)', kind: 'course', skills: [['problem-solving', 'explorer'], ['communication']], description: 'Evening sessions online for adults returning to learning.', ages: [19], when: { weekly: ['TH'], time: ['19:00', '20:30'], weeks: 12 }, online: true, takePart: 'book' }),
  T({ provider: 'riverside-college', title: 'Student ambassadors', kind: 'volunteering', skills: [['communication', 'builder'], ['teamwork']], description: 'Show visitors around, help at open days and talk to schools about college life.', ages: [16], when: { open: 150, hours: 'A few hours a month' }, takePart: 'email' }),
  T({ provider: 'riverside-college', title: 'Electronics for beginners', kind: 'course', skills: [['digital-making', 'explorer'], ['problem-solving']], description: 'Circuits, soldering and a working project to take home.', ages: [14, 18], price: 20, when: { weekly: ['SA'], time: ['10:00', '12:00'], weeks: 6 }, takePart: 'book' }),
  // Museum
  T({ provider: 'city-museum', title: 'Young curators', kind: 'activity', skills: [['communication', 'builder'], ['creativity']], description: 'Research objects from the collection and curate a display that opens to the public.', ages: [14, 21], when: { weekly: ['SA'], time: ['10:30', '13:00'], weeks: 10, fortnightly: true }, takePart: 'email', access: ['step-free-access', 'accessible-toilet', 'changing-places'], badge: 'Young Curator' }),
  T({ provider: 'city-museum', title: 'Family art day', kind: 'event', skills: [['creativity', 'explorer']], description: 'Drawing in the galleries, clay in the studio, stories in the library. Drop in any time.', ages: [4], when: { once: 6, time: ['10:00', '16:00'] }, takePart: 'turn-up', access: ['step-free-access', 'changing-places', 'sensory-friendly'] }),
  T({ provider: 'city-museum', title: 'Museum volunteer: visitor welcome', kind: 'volunteering', skills: [['communication'], ['teamwork']], description: 'Welcome visitors, answer questions and help at events.', ages: [16], when: { open: 180, hours: 'Saturdays, 10:00 to 13:00' }, takePart: 'email' }),
  T({ provider: 'city-museum', title: 'Digitising the archive: work experience', kind: 'work-experience', skills: [['digital-literacy', 'builder']], description: 'A week photographing, cataloguing and publishing objects online with the collections team.', ages: [15, 18], when: { once: 30, time: ['09:30', '16:00'], days: 5 }, takePart: 'email', badge: 'Archive Digitiser' }),
  T({ provider: 'city-museum', title: 'Relaxed opening', kind: 'event', skills: [['creativity']], description: 'A quieter morning for visitors who prefer fewer people and softer lighting.', ages: [0], when: { once: 13, time: ['09:00', '10:30'] }, takePart: 'turn-up', access: ['sensory-friendly', 'quiet-space', 'carer-goes-free'] }),
  T({ provider: 'city-museum', title: 'History detectives (online)', kind: 'activity', skills: [['problem-solving'], ['digital-literacy']], description: 'Solve a mystery from the archive in weekly online sessions.', ages: [9, 13], when: { weekly: ['WE'], time: ['16:30', '17:30'], weeks: 6 }, online: true, takePart: 'book' }),
  T({ provider: 'city-museum', title: 'Photography walk', kind: 'event', skills: [['digital-making'], ['creativity', 'builder']], description: 'Photograph the city’s architecture with the museum photographer.', ages: [12], price: 5, when: { once: 18, time: ['14:00', '16:00'] }, takePart: 'book' }),
  // Employer
  T({ provider: 'brightwater', title: 'Engineering work experience week', kind: 'work-experience', skills: [['problem-solving', 'builder'], ['teamwork']], description: 'Shadow engineers, work on a real design problem and present it to the team.', ages: [15, 18], when: { once: 25, time: ['09:00', '16:00'], days: 5 }, venue: 'works', takePart: 'book', access: ['step-free-access'], badge: 'Engineering Explorer' }),
  T({ provider: 'brightwater', title: 'Engineering apprenticeship (level 3)', kind: 'apprenticeship', skills: [['problem-solving', 'builder'], ['coding']], description: 'A four-year apprenticeship in mechatronics, with day release to Riverside College.', ages: [16, 24], when: { open: 60 }, venue: 'works', takePart: 'book' }),
  T({ provider: 'brightwater', title: 'Junior software developer', kind: 'job', skills: [['coding', 'builder'], ['teamwork']], description: 'Join the controls team writing software for test rigs. Full time, permanent.', ages: [18], when: { open: 40 }, venue: 'works', takePart: 'email' }),
  T({ provider: 'brightwater', title: 'Factory open day', kind: 'event', skills: [['enterprise', 'explorer']], description: 'See how things are made and meet apprentices at every stage.', ages: [12], when: { once: 15, time: ['10:00', '14:00'] }, venue: 'works', takePart: 'turn-up' }),
  T({ provider: 'brightwater', title: 'CV and interview clinic', kind: 'event', skills: [['communication', 'builder']], description: 'Bring your CV: recruiters give feedback and run practice interviews.', ages: [16], when: { once: 8, time: ['17:30', '19:30'] }, venue: 'library', takePart: 'book' }),
  T({ provider: 'brightwater', title: 'Warehouse operative', kind: 'job', skills: [['teamwork'], ['resilience']], description: 'Day shifts, training given, forklift licence paid for.', ages: [18], when: { open: 30, hours: 'Monday to Friday, 07:00 to 15:00' }, venue: 'works', takePart: 'book' }),
  T({ provider: 'brightwater', title: 'Mentoring for young engineers (online)', kind: 'volunteering', skills: [['communication', 'leader']], description: 'Our engineers mentor school students online; join as a peer mentor if you are at college.', ages: [17], when: { open: 100 }, online: true, takePart: 'email' }),
  // Charity
  T({ provider: 'green-streets', title: 'Community gardening', kind: 'activity', skills: [['sustainability', 'explorer'], ['teamwork']], description: 'Grow food and flowers with neighbours; tools, gloves and tea provided.', ages: [8], when: { weekly: ['SA'], time: ['10:00', '12:30'], weeks: 16 }, takePart: 'turn-up', access: ['step-free-access'], badge: 'Community Gardener' }),
  T({ provider: 'green-streets', title: 'Tree planting day', kind: 'volunteering', skills: [['sustainability'], ['teamwork']], description: 'Plant 500 trees along the canal with volunteers from across the city.', ages: [10], when: { once: 11, time: ['09:30', '15:00'] }, venue: 'southbank', takePart: 'book' }),
  T({ provider: 'green-streets', title: 'Repair café', kind: 'event', skills: [['problem-solving'], ['sustainability', 'builder']], description: 'Bring something broken; fix it together with volunteer repairers.', ages: [12], when: { once: 4, time: ['13:00', '16:00'] }, venue: 'southbank', takePart: 'turn-up' }),
  T({ provider: 'green-streets', title: 'Climate champions course', kind: 'course', skills: [['sustainability', 'leader'], ['communication']], description: 'Six sessions to plan and lead a climate project in your school or street.', ages: [13, 18], when: { weekly: ['TH'], time: ['16:30', '18:00'], weeks: 6 }, takePart: 'book', badge: 'Climate Champion' }),
  T({ provider: 'green-streets', title: 'Bike maintenance workshop', kind: 'event', skills: [['problem-solving', 'explorer']], description: 'Learn to fix a puncture, adjust brakes and keep a bike running.', ages: [11], price: 3, when: { once: 19, time: ['10:00', '12:00'] }, venue: 'southbank', takePart: 'book' }),
  T({ provider: 'green-streets', title: 'Litter pick and survey', kind: 'volunteering', skills: [['sustainability']], description: 'Clear a street and record what you find for the city’s litter map.', ages: [6], when: { weekly: ['SU'], time: ['10:00', '11:30'], weeks: 8, fortnightly: true }, takePart: 'turn-up' }),
  T({ provider: 'green-streets', title: 'Project officer (part time)', kind: 'job', skills: [['enterprise', 'builder'], ['communication']], description: 'Coordinate volunteers and run community events. 22.5 hours a week.', ages: [18], when: { open: 35, hours: '22.5 hours a week, some weekends' }, takePart: 'email' }),
  T({ provider: 'green-streets', title: 'Social enterprise starter', kind: 'course', skills: [['enterprise', 'explorer'], ['creativity']], description: 'Turn a green idea into a small business: plan, budget and pitch.', ages: [16, 25], when: { weekly: ['TU'], time: ['18:00', '19:30'], weeks: 5 }, online: true, takePart: 'book' }),
];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function scheduleOf(when: Template['when']): NewOpportunity['schedule'] {
  if ('open' in when) return { type: 'open', from: day(-7), until: day(when.open), ...(when.hours ? { hours: when.hours } : {}) };
  if ('once' in when) {
    const days = when.days ?? 1;
    return { type: 'sessions', sessions: Array.from({ length: days }, (_, i) => ({ start: `${day(when.once + i)}T${when.time[0]}:00+00:00`, end: `${day(when.once + i)}T${when.time[1]}:00+00:00` })) };
  }
  return {
    type: 'recurring',
    frequency: when.fortnightly ? 'fortnightly' : 'weekly',
    days: when.weekly,
    startTime: when.time[0],
    endTime: when.time[1],
    startDate: day(-14),
    endDate: day(when.weeks * 7),
    timezone: 'Europe/London',
    exceptions: [day(21)],
  };
}

function body(template: Template, spine: CityConfig['skillsSpine'], providerVenue: keyof typeof PLACES, badgeClassIds: string[]): NewOpportunity | undefined {
  const skills = new Map(spine.skills.map((s) => [s.id, s]));
  const levels = new Set(spine.levels.map((l) => l.id));
  const fitting = template.skills.filter(([id]) => skills.has(id)).map(([skillId, level]) => ({ skillId, ...(level && levels.has(level) ? { level } : {}) }));
  if (fitting.length === 0) return undefined;
  const venue = PLACES[template.venue ?? providerVenue]!;
  const place = template.online
    ? { mode: 'online' as const, onlineUrl: `https://${template.provider}.example.org/online` }
    : { mode: 'in-person' as const, venue: { ...venue, locality: 'Demo City', country: 'GB' } };
  const email = PROVIDERS.find((p) => p.id === template.provider)!.email;
  return NewOpportunitySchema.parse({
    title: template.title,
    description: template.description,
    kind: template.kind,
    skills: fitting,
    badgeClassIds,
    ageRange: { min: template.ages[0], ...(template.ages[1] !== undefined ? { max: template.ages[1] } : {}) },
    cost: template.price ? { type: 'paid', price: template.price, currency: 'GBP', concessions: 'Free for young people on free school meals' } : { type: 'free' },
    schedule: scheduleOf(template.when),
    place,
    accessibility: { supports: template.access ?? [], ...(template.access?.length ? {} : { notes: 'Ask us about access: we will do what we can.' }) },
    ...(template.kind === 'event' || template.kind === 'course' ? { capacity: { places: 20, placesLeft: 8 } } : {}),
    takePart:
      template.takePart === 'turn-up'
        ? { justTurnUp: true }
        : template.takePart === 'book'
          ? { bookingUrl: `https://${template.provider}.example.org/book`, email }
          : { email },
    languages: ['en'],
    providerId: template.provider,
  });
}

async function everything<T>(read: (start: Record<string, unknown> | undefined) => Promise<{ items: T[]; next?: Record<string, unknown> }>): Promise<T[]> {
  const all: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await read(start);
    all.push(...page.items);
    start = page.next;
  } while (start);
  return all;
}

export interface DirectorySeed {
  providers: number;
  opportunities: number;
  badgeClasses: number;
  /** The portal's URLs worth opening, with what each shows. */
  links: { label: string; url: string }[];
}

/** One provider's part: its profile, badge classes (each with an award) and opportunities. */
async function seedProvider(provider: (typeof PROVIDERS)[number], config: CityConfig, now: Date): Promise<{ opportunities: Opportunity[]; badgeClassIds: string[] }> {
  const spineSkills = new Map(config.skillsSpine.skills.map((s) => [s.id, s.name]));
  const spineLevels = new Set(config.skillsSpine.levels.map((l) => l.id));
  const { venue, ...profile } = provider;
  if (!(await getProvider(provider.id))) await createProvider(profile, now);
  const principal: Principal = { role: 'provider', providerId: provider.id, scopes: ['badges:issue', 'badges:manage', 'opportunities:manage'], keyPrefix: 'seed' };
  const classes = await everything((start) => listBadgeClassesByProvider(provider.id, 100, start));
  const existing = await everything((start) => listOpportunitiesByProvider(provider.id, 100, start));
  const seeded: Opportunity[] = [];
  const badgeClassIds: string[] = [];
  for (const template of TEMPLATES.filter((t) => t.provider === provider.id)) {
    let badge: BadgeClass | undefined;
    // The badge names the levels the opportunity builds, so the skill pages list it level by level.
    const alignments = template.skills
      .filter(([id]) => spineSkills.has(id))
      .map(([skillId, level]) => ({ skillId, ...(level && spineLevels.has(level) ? { level } : {}) }));
    if (template.badge && alignments.length) {
      badge = classes.find((c) => c.name === template.badge && c.status === 'active');
      if (!badge) {
        const shown = alignments.map((a) => spineSkills.get(a.skillId)!.toLowerCase()).join(' and ');
        badge = await createBadgeClass(
          {
            name: template.badge,
            description: `Awarded by ${provider.name} to learners who took part in ${template.title} and showed ${shown}.`,
            criteria: { narrative: `${template.description}\n\nTake part from start to finish, then show the ${provider.name} team what you did: they award the badge when you have shown ${shown}.` },
            alignments,
            tags: ['demo', template.kind],
          },
          principal,
          now,
        );
        classes.push(badge);
        // One award per provider shows its badges in use; each award is signed, and a start should be quick.
        if (badgeClassIds.length === 0) await issueAward(badge.id, { recipient: { email: `demo.${provider.id}@example.org` }, evidence: [], narrative: `Took part in ${template.title}.` }, principal, { now });
      }
      badgeClassIds.push(badge.id);
    }
    const wanted = body(template, config.skillsSpine, venue, badge ? [badge.id] : []);
    if (!wanted) continue;
    const found = existing.find((o) => o.title === template.title);
    if (!found) seeded.push(await createOpportunity(wanted, admin, now));
    else if (Date.parse(found.endsAt) <= now.getTime() && found.status !== 'cancelled') seeded.push(await changeOpportunity(found.id, { schedule: wanted.schedule }, admin, now));
    else seeded.push(found);
  }
  return { opportunities: seeded, badgeClassIds };
}

export async function seedDirectory(config: CityConfig, baseUrl: string): Promise<DirectorySeed> {
  const now = new Date();
  // Providers in parallel: each one's writes are its own, and a start should not wait on them in turn.
  const parts = await Promise.all(PROVIDERS.map((provider) => seedProvider(provider, config, now)));
  const opportunities = parts.flatMap((p) => p.opportunities);
  const example = opportunities.find((o) => o.kind === 'course') ?? opportunities[0];
  const badgeClassIds = parts.flatMap((p) => p.badgeClassIds);
  const links = [
    { label: 'Home page (open in a browser)', url: `${baseUrl}/` },
    { label: `Opportunities (${opportunities.length}), search and map`, url: `${baseUrl}/opportunities` },
    ...(example ? [{ label: 'An opportunity’s page', url: `${baseUrl}/opportunities/${example.id}` }] : []),
    { label: 'A skill’s page: where to build it, level by level', url: `${baseUrl}/skills/coding` },
    { label: 'A provider’s page', url: `${baseUrl}/issuers/riverside-college` },
    ...(badgeClassIds[0] ? [{ label: 'A badge class: earn this badge', url: `${baseUrl}/badge-classes/${badgeClassIds[0]}` }] : []),
    { label: 'Open data: OpenActive RPDE feed', url: `${baseUrl}/feeds/opportunities` },
  ];
  return { providers: PROVIDERS.length, opportunities: opportunities.length, badgeClasses: badgeClassIds.length, links };
}
