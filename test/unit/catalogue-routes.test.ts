// The catalogue pages through their handlers over an in-memory city: a provider's badge classes and
// opportunities show on the skill's page under the level they name, on the provider's page (soonest
// first) and on the badge class's page; archiving, re-aligning and cancelling take them off again in
// the same write; and machines still get exactly the JSON they got before.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { archiveBadgeClass, changeBadgeClass, createBadgeClass } from '../../functions/badge-classes/service';
import { handler as badgeClasses } from '../../functions/badge-classes/handler';
import { listBadgeClassesBySkill } from '../../functions/data/badge-classes';
import { searchOpportunities } from '../../functions/data/opportunities';
import { createProvider } from '../../functions/data/providers';
import type { Principal } from '../../functions/domain/api-keys';
import { badgeClassV2 } from '../../functions/domain/openbadges/badge-class';
import { issuerV2 } from '../../functions/domain/openbadges/issuer';
import { NewOpportunitySchema } from '../../functions/domain/opportunities';
import { presentSkill, skillsFramework } from '../../functions/domain/skills';
import type { HttpHandler } from '../../functions/http/route';
import { handler as issuers } from '../../functions/issuers/handler';
import { handler as opportunities } from '../../functions/opportunities/handler';
import { cancelOpportunity, changeOpportunity, createOpportunity } from '../../functions/opportunities/service';
import { handler as skills } from '../../functions/skills/handler';
import { getSkill, getSpine } from '../../functions/data/skills';
import { syncSpine } from '../../functions/spine/service';
import { context, httpEvent } from '../support/events';
import { FakeAws } from '../support/fake-aws';
import { opportunityBody, type Body } from '../support/opportunity-body';
import { textOf } from './pages/markup';

new FakeAws();
const baseUrl = process.env.PUBLIC_BASE_URL!;
const makers: Principal = { role: 'provider', providerId: 'makers-guild', scopes: ['badges:manage', 'opportunities:manage'], keyPrefix: 'mak' };
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const on = (offset: number) => ({ type: 'sessions' as const, sessions: [{ start: `${day(offset)}T10:00:00Z`, end: `${day(offset)}T12:00:00Z` }] });
const publish = (body: Partial<Body>) => createOpportunity(NewOpportunitySchema.parse(opportunityBody(body)), makers, new Date());

async function get(handler: HttpHandler, path: string, headers: Record<string, string> = {}, query?: Record<string, string>) {
  return (await handler(httpEvent({ path, headers, ...(query ? { query } : {}) }), context)) as APIGatewayProxyStructuredResultV2 & { headers: Record<string, string>; body: string };
}
const page = async (handler: HttpHandler, path: string) => {
  const reply = await get(handler, path, HTML);
  expect(reply.statusCode).toBe(200);
  expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(reply.headers.vary).toBe('Accept');
  return reply.body;
};
/** The text of the rung (level) of a skill page that starts with the level's name. */
const rung = (markup: string, level: string) => textOf(markup.split('<li class="rung">').find((part) => part.includes(`<h3>${level}</h3>`)) ?? '');

let robot: Awaited<ReturnType<typeof createBadgeClass>>;
let solder: Awaited<ReturnType<typeof createBadgeClass>>;

beforeAll(async () => {
  const config = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../cities/demo.json'), 'utf8')), 'demo');
  await syncSpine(config.skillsSpine);
  await createProvider({ id: 'makers-guild', name: 'Makers Guild', url: 'https://makers.example.org', email: 'hello@makers.example.org', description: 'A workshop for young makers.' }, new Date());
  robot = await createBadgeClass(
    { name: 'Robot Builder', description: 'Built a robot that draws.', criteria: { narrative: 'Build it, then show it.' }, alignments: [{ skillId: 'digital-making', level: 'builder' }, { skillId: 'coding' }], tags: ['robots'] },
    makers,
    new Date(),
  );
  solder = await createBadgeClass(
    { name: 'Solder Safe', description: 'Solders safely.', criteria: { narrative: 'Solder ten joints.' }, alignments: [{ skillId: 'digital-making', level: 'explorer' }], tags: [], expiresAfterDays: 365 },
    makers,
    new Date(),
  );
  await publish({ title: 'Robot workshop, later', skills: [{ skillId: 'digital-making', level: 'builder' }], badgeClassIds: [robot.id], schedule: on(20) });
  await publish({ title: 'Robot workshop, sooner', skills: [{ skillId: 'digital-making', level: 'builder' }], badgeClassIds: [robot.id], schedule: on(3) });
  await publish({ title: 'Soldering taster', skills: [{ skillId: 'digital-making', level: 'explorer' }], badgeClassIds: [solder.id], schedule: on(5) });
  await publish({ title: 'Open workshop night', skills: [{ skillId: 'digital-making' }], schedule: on(8) });
  await publish({ title: 'Draft plans', skills: [{ skillId: 'digital-making', level: 'builder' }], badgeClassIds: [robot.id], schedule: on(2), status: 'draft' });
});

describe('a skill page', () => {
  it('lists the opportunities and badge classes that build the skill under the level each names, soonest first', async () => {
    const markup = await page(skills, '/skills/digital-making');
    const builder = rung(markup, 'Builder');
    expect(builder).toMatch(/Robot workshop, sooner.*Robot workshop, later/);
    expect(builder).toContain('Robot Builder');
    expect(builder).not.toContain('Soldering taster');
    const explorer = rung(markup, 'Explorer');
    expect(explorer).toContain('Soldering taster');
    expect(explorer).toContain('Solder Safe');
    expect(rung(markup, 'Leader')).toContain('No opportunity lists this level just now.');
    const anyLevel = textOf(markup.slice(markup.indexOf('id="any-level"')));
    expect(anyLevel).toContain('Open workshop night');
    expect(textOf(markup)).not.toContain('Draft plans');
    expect(markup).toContain(`href="${baseUrl}/badge-classes/${robot.id}"`);
    // The badge aligned to coding at no level is under "any level" there.
    expect(textOf(await page(skills, '/skills/coding'))).toContain('Robot Builder');
  });

  it('answers machines with the JSON it always did, at the same URL', async () => {
    const reply = await get(skills, '/skills/digital-making', { accept: 'application/json' });
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(reply.body)).toEqual(JSON.parse(JSON.stringify(presentSkill((await getSkill('digital-making'))!, baseUrl))));
  });

  it('moves a badge class when its alignments change and drops it when archived, in the version’s own write', async () => {
    const moved = await createBadgeClass({ name: 'Moving badge', description: 'x', criteria: { narrative: 'y' }, alignments: [{ skillId: 'creativity', level: 'explorer' }], tags: [] }, makers, new Date());
    expect((await listBadgeClassesBySkill('creativity', 10, undefined)).items.map((c) => [c.name, c.levels])).toEqual([['Moving badge', ['explorer']]]);
    await changeBadgeClass(moved.id, { alignments: [{ skillId: 'resilience', level: 'leader' }, { skillId: 'resilience', level: 'builder' }] }, makers, new Date());
    expect((await listBadgeClassesBySkill('creativity', 10, undefined)).items).toEqual([]);
    expect((await listBadgeClassesBySkill('resilience', 10, undefined)).items.map((c) => [c.name, c.levels, c.version])).toEqual([['Moving badge', ['leader', 'builder'], 2]]);
    const markup = await page(skills, '/skills/resilience');
    expect(rung(markup, 'Leader')).toContain('Moving badge');
    expect(rung(markup, 'Builder')).toContain('Moving badge');
    await archiveBadgeClass(moved.id, makers, new Date());
    expect((await listBadgeClassesBySkill('resilience', 10, undefined)).items).toEqual([]);
    expect(textOf(await page(skills, '/skills/resilience'))).not.toContain('Moving badge');
  });
});

describe('the spine page', () => {
  it('shows every group with its skills, each linking its page; JSON unchanged', async () => {
    const markup = await page(skills, '/skills');
    const spine = await getSpine();
    for (const group of spine.summary!.groups) expect(markup).toContain(`>${group.name}</h2>`);
    for (const skill of spine.skills.filter((s) => !s.retired)) expect(markup).toContain(`<a href="${baseUrl}/skills/${skill.id}">`);
    const reply = await get(skills, '/skills', { accept: '*/*' });
    expect(JSON.parse(reply.body)).toEqual(JSON.parse(JSON.stringify(skillsFramework(spine, { includeRetired: false }, baseUrl))));
    const digital = await get(skills, '/skills', HTML, { group: 'digital' });
    expect(textOf(digital.body)).not.toContain('Core skills');
  });
});

describe('a provider page', () => {
  it('shows its profile, its listed opportunities soonest first and its active badge classes', async () => {
    const markup = await page(issuers, '/issuers/makers-guild');
    const text = textOf(markup);
    expect(text).toContain('A workshop for young makers.');
    expect(text).toMatch(/Robot workshop, sooner.*Soldering taster.*Open workshop night.*Robot workshop, later/);
    expect(text).not.toContain('Draft plans');
    expect(text).toContain('Robot Builder');
    expect(text).toContain('Solder Safe');
    expect(text).not.toContain('Moving badge');
    expect(markup).toContain('href="mailto:hello@makers.example.org"');
  });

  it('answers machines with the Open Badges issuer profile, unchanged', async () => {
    const reply = await get(issuers, '/issuers/makers-guild', { accept: 'application/ld+json' });
    expect(reply.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const { getProvider } = await import('../../functions/data/providers');
    expect(JSON.parse(reply.body)).toEqual(JSON.parse(JSON.stringify(issuerV2((await getProvider('makers-guild'))!, baseUrl))));
    expect((await get(issuers, '/issuers/nobody-here', HTML)).statusCode).toBe(404);
  });
});

describe('a badge class page', () => {
  it('shows the criteria, the skills at their levels, the provider, and where and when to earn it, soonest first', async () => {
    const markup = await page(badgeClasses, `/badge-classes/${robot.id}`);
    const text = textOf(markup);
    expect(text).toContain('Build it, then show it.');
    expect(text).toContain('Digital makingAt Builder level');
    expect(markup).toContain(`href="${baseUrl}/skills/coding"`);
    expect(markup).toContain(`href="${baseUrl}/issuers/makers-guild"`);
    expect(text).toMatch(/Where and when to earn it.*Robot workshop, sooner.*Robot workshop, later/);
    expect(text).not.toContain('Soldering taster');
    expect(text).toContain('Does not expire');
    expect(textOf(await page(badgeClasses, `/badge-classes/${solder.id}`))).toContain('1 year after it is awarded');
  });

  it('drops a cancelled opportunity, and answers machines with the Open Badges BadgeClass, unchanged', async () => {
    const extra = await publish({ title: 'One more robot day', skills: [{ skillId: 'digital-making', level: 'builder' }], badgeClassIds: [robot.id], schedule: on(4) });
    expect(textOf(await page(badgeClasses, `/badge-classes/${robot.id}`))).toContain('One more robot day');
    await cancelOpportunity(extra.id, makers, new Date());
    expect(textOf(await page(badgeClasses, `/badge-classes/${robot.id}`))).not.toContain('One more robot day');
    const reply = await get(badgeClasses, `/badge-classes/${robot.id}`, { accept: 'application/ld+json, application/json' });
    expect(reply.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(JSON.parse(reply.body)).toEqual(JSON.parse(JSON.stringify(badgeClassV2(robot, baseUrl, 'current'))));
  });

  it('says an archived class is no longer awarded and offers nothing for it', async () => {
    const old = await createBadgeClass({ name: 'Old badge', description: 'x', criteria: { narrative: 'y' }, alignments: [], tags: [] }, makers, new Date());
    await publish({ title: 'Old badge day', badgeClassIds: [old.id], schedule: on(6) });
    await archiveBadgeClass(old.id, makers, new Date());
    const text = textOf(await page(badgeClasses, `/badge-classes/${old.id}`));
    expect(text).toContain('No longer awarded');
    expect(text).not.toContain('Old badge day');
  });
});

describe('search by badge class and by provider', () => {
  it('reads the badge class’s and the provider’s own partitions, soonest first', async () => {
    const titles = async (query: Record<string, string>) =>
      ((JSON.parse((await get(opportunities, '/opportunities', {}, query)).body) as { items: { title: string }[] }).items).map((i) => i.title);
    expect(await titles({ badgeClass: robot.id })).toEqual(['Robot workshop, sooner', 'Robot workshop, later']);
    expect(await titles({ badgeClass: robot.id, q: 'later' })).toEqual(['Robot workshop, later']);
    expect(await titles({ provider: 'makers-guild', kind: 'course' })).toEqual([]);
    expect((await titles({ provider: 'makers-guild' })).slice(0, 3)).toEqual(['Robot workshop, sooner', 'Soldering taster', 'Old badge day']);
    expect((await get(opportunities, '/opportunities', {}, { badgeClass: 'not-an-id' })).statusCode).toBe(400);
  });
});

describe('the largest opportunity', () => {
  it('moves every one of its index items (skills, badge classes, words) in one transaction within DynamoDB’s 100', async () => {
    const classes = [];
    for (let i = 0; i < 20; i++) classes.push(await createBadgeClass({ name: `Badge ${i}`, description: 'x', criteria: { narrative: 'y' }, alignments: [], tags: [] }, makers, new Date()));
    const words = (prefix: string) => Array.from({ length: 30 }, (_, i) => `${prefix}${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join(' ');
    const spine = (await getSpine()).skills.map((s) => s.id);
    const first = await publish({ title: words('qx'), skills: spine.slice(0, 8).map((skillId) => ({ skillId })), badgeClassIds: classes.slice(0, 10).map((c) => c.id), schedule: on(9) });
    const changed = await changeOpportunity(first.id, { title: words('zx'), skills: spine.slice(4, 12).map((skillId) => ({ skillId })), badgeClassIds: classes.slice(10).map((c) => c.id) }, makers, new Date());
    const found = async (search: Parameters<typeof searchOpportunities>[0]) => (await searchOpportunities(search, 50, undefined, new Date())).items.map((f) => f.card.id);
    expect(await found({ badgeClass: classes[0]!.id })).toEqual([]);
    expect(await found({ badgeClass: classes[19]!.id })).toEqual([changed.id]);
    expect(await found({ skill: [spine[0]!] })).not.toContain(changed.id);
    expect(await found({ skill: [spine[11]!] })).toContain(changed.id);
    expect(await found({ terms: ['qxaa'] })).toEqual([]);
    expect(await found({ terms: ['zxaa'] })).toEqual([changed.id]);
  });
});
