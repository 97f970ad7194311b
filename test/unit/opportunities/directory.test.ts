// The directory over an in-memory table: what a provider publishes is found by skill, words and place,
// nearest-first pages are exact across cursors, and a change, a cancellation or a draft moves the
// opportunity's index items with it in the same write.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../../definitions/city-config';
import { createBadgeClass } from '../../../functions/badge-classes/service';
import { searchOpportunities } from '../../../functions/data/opportunities';
import { createProvider } from '../../../functions/data/providers';
import type { Principal } from '../../../functions/domain/api-keys';
import { NewOpportunitySchema } from '../../../functions/domain/opportunities';
import { distanceKm, termsOf, type Search } from '../../../functions/domain/opportunity-search';
import { cancelOpportunity, changeOpportunity, createOpportunity, publicOpportunity, searchDirectory } from '../../../functions/opportunities/service';
import { syncSpine } from '../../../functions/spine/service';
import { FakeAws } from '../../support/fake-aws';
import { opportunityBody, type Body } from '../../support/opportunity-body';

const aws = new FakeAws();
const library: Principal = { role: 'provider', providerId: 'central-library', scopes: ['opportunities:manage'], keyPrefix: 'lib' };
const museum: Principal = { role: 'provider', providerId: 'city-museum', scopes: ['opportunities:manage'], keyPrefix: 'mus' };
const admin: Principal = { role: 'city-admin', scopes: [], keyPrefix: 'adm' };
const centre = { lat: 52.4797, lng: -1.9027 };

const create = (body: Partial<Body>, who = library) => createOpportunity(NewOpportunitySchema.parse(opportunityBody(body)), who, new Date());
const ids = async (search: Search) => (await searchOpportunities(search, 100, undefined, new Date())).items.map((f) => f.card.id);

beforeAll(async () => {
  const config = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../../cities/demo.json'), 'utf8')), 'demo');
  await syncSpine(config.skillsSpine);
  for (const [id, name] of [['central-library', 'Central Library'], ['city-museum', 'City Museum']]) {
    await createProvider({ id: id!, name: name!, url: 'https://x.example.org', email: 'a@x.example.org' }, new Date());
  }
});

describe('publishing', () => {
  it('checks skills, levels and badge classes against the spine and the provider, naming each field', async () => {
    const other = await createBadgeClass({ name: 'Museum badge', description: 'x', criteria: { narrative: 'y' }, alignments: [], tags: [] }, museum, new Date());
    await expect(create({ skills: [{ skillId: 'juggling' }, { skillId: 'coding', level: 'wizard' }], badgeClassIds: [other.id] })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [
        { in: 'body', field: 'skills[0].skillId', detail: "is not a skill of the city's spine" },
        { in: 'body', field: 'skills[1].level', detail: 'is not a level of the spine' },
        { in: 'body', field: 'badgeClassIds[0]', detail: "is not one of the provider's badge classes" },
      ],
    });
    await expect(create({}, admin)).rejects.toMatchObject({ fields: [{ field: 'providerId' }] });
    await expect(create({ providerId: 'city-museum' })).rejects.toMatchObject({ fields: [{ field: 'providerId' }] });
  });

  it("lets a city admin act for any provider, and hides a provider's opportunity from another", async () => {
    const made = await create({ providerId: 'city-museum', title: 'Museum late' }, admin);
    expect(made.providerId).toBe('city-museum');
    await expect(changeOpportunity(made.id, { title: 'Mine now' }, library, new Date())).rejects.toMatchObject({ kind: 'not-found' });
    await expect(cancelOpportunity(made.id, library, new Date())).rejects.toMatchObject({ kind: 'not-found' });
    expect((await changeOpportunity(made.id, { title: 'Museum late, later' }, museum, new Date())).title).toBe('Museum late, later');
  });
});

describe('the search page of a provider or a badge class', () => {
  it('names the provider and the badge class the search is limited to, for pages only; an unknown one has no name', async () => {
    const badge = await createBadgeClass({ name: 'Story Maker', description: 'x', criteria: { narrative: 'y' }, alignments: [], tags: [] }, museum, new Date());
    const search = (filter: Search, forPage: boolean) => searchDirectory(filter, { limit: 5 }, 'scope-test', new Date(), forPage);
    expect((await search({ sort: 'soonest', provider: 'city-museum', badgeClass: badge.id }, true)).scopeNames).toEqual({ provider: 'City Museum', badgeClass: 'Story Maker' });
    expect((await search({ sort: 'soonest', provider: 'city-museum', badgeClass: badge.id }, false)).scopeNames).toEqual({});
    expect((await search({ sort: 'soonest', badgeClass: 'zzzzzzzzzzzzzzzz' }, true)).scopeNames).toEqual({});
  });
});

describe('search', () => {
  it('reads each index item\'s card from its one attribute, and an item written with the card\'s fields spread on it as it is', async () => {
    const made = await create({ title: 'Quilting circle', skills: [{ skillId: 'creativity' }], schedule: { type: 'sessions', sessions: [{ start: inDays(4), end: inDays(4, '18:00:00') }] } });
    const items = aws.itemsUnder(`OPPORTUNITY#${made.id}`).filter((item) => item.sk !== 'OPPORTUNITY');
    expect(items.length).toBeGreaterThan(3);
    for (const item of items) expect(Object.keys(item).filter((name) => !/^(pk|sk|gsi\dpk|gsi\dsk|card|expiresAt)$/.test(name))).toEqual([]);
    const found = await ids({ terms: termsOf('quilting') });
    expect(found).toEqual([made.id]);
    // As index items were written before the card was one attribute: found alike, until the next write.
    for (const { card, ...keys } of items) aws.putItem({ ...keys, ...(JSON.parse(card as string) as object) });
    expect(await ids({ terms: termsOf('quilting') })).toEqual(found);
    expect(await ids({ skill: ['creativity'], near: centre, radiusKm: 50, sort: 'nearest' })).toContain(made.id);
  });

  it('finds by skill, by words (stemmed, all of them) and by kind, soonest first', async () => {
    const later = await create({ title: 'Robot coding workshop', kind: 'event', skills: [{ skillId: 'coding' }], schedule: { type: 'sessions', sessions: [{ start: inDays(9), end: inDays(9, '18:00:00') }] } });
    const sooner = await create({ title: 'Coding for beginners', kind: 'course', skills: [{ skillId: 'coding' }, { skillId: 'teamwork' }], schedule: { type: 'sessions', sessions: [{ start: inDays(2), end: inDays(2, '18:00:00') }] } });
    const found = await ids({ skill: ['coding'] });
    expect(found.indexOf(sooner.id)).toBeLessThan(found.indexOf(later.id));
    expect(await ids({ skill: ['coding', 'teamwork'] })).toContain(sooner.id);
    expect(await ids({ skill: ['coding', 'teamwork'] })).not.toContain(later.id);
    expect(await ids({ terms: termsOf('robots') })).toEqual([later.id]);
    expect(await ids({ terms: termsOf('coding workshop') })).toEqual([later.id]);
    // Skill names count as words of the opportunity.
    expect(await ids({ terms: termsOf('teamwork beginners') })).toEqual([sooner.id]);
    expect(await ids({ kind: ['course'], skill: ['coding'] })).toEqual([sooner.id]);
  });

  it('pages nearest first exactly, cursor after cursor, within the radius', async () => {
    const made = [];
    for (let i = 0; i < 25; i++) {
      // A spiral out from the centre: 0.1 km to about 4 km.
      const angle = i * 2.4;
      const km = 0.1 + i * 0.16;
      const venue = { ...opportunityBody().place.venue!, latitude: centre.lat + (km / 111.32) * Math.sin(angle), longitude: centre.lng + (km / 68) * Math.cos(angle) };
      made.push(await create({ title: `Spiral ${i}`, skills: [{ skillId: 'sustainability' }], place: { mode: 'in-person', venue } }));
    }
    const search: Search = { near: centre, radiusKm: 3, sort: 'nearest', skill: ['sustainability'] };
    const pages: string[][] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await searchOpportunities(search, 4, start, new Date());
      pages.push(page.items.map((f) => f.card.id));
      start = page.next;
    } while (start);
    const all = pages.flat();
    const expected = made
      .map((o) => ({ id: o.id, d: distanceKm(centre, { lat: o.place.venue!.latitude, lng: o.place.venue!.longitude }) }))
      .filter((o) => o.d <= 3)
      .sort((a, b) => a.d - b.d)
      .map((o) => o.id);
    expect(all).toEqual(expected);
    expect(pages.every((p) => p.length <= 4)).toBe(true);
  });

  it('drops cancelled and draft opportunities, and re-indexes a change', async () => {
    const made = await create({ title: 'Pond dipping', skills: [{ skillId: 'sustainability' }] });
    expect(await ids({ terms: termsOf('pond') })).toEqual([made.id]);
    await changeOpportunity(made.id, { title: 'River dipping', skills: [{ skillId: 'teamwork' }] }, library, new Date());
    expect(await ids({ terms: termsOf('pond') })).toEqual([]);
    expect(await ids({ terms: termsOf('river') })).toEqual([made.id]);
    expect(await ids({ skill: ['sustainability'], terms: termsOf('dipping') })).toEqual([]);
    await changeOpportunity(made.id, { status: 'draft' }, library, new Date());
    expect(await ids({ terms: termsOf('river') })).toEqual([]);
    await expect(publicOpportunity(made.id)).rejects.toMatchObject({ kind: 'not-found' });
    await changeOpportunity(made.id, { status: 'published' }, library, new Date());
    expect(await ids({ terms: termsOf('river') })).toEqual([made.id]);
    await cancelOpportunity(made.id, library, new Date());
    expect(await ids({ terms: termsOf('river') })).toEqual([]);
    expect((await publicOpportunity(made.id)).status).toBe('cancelled');
    await expect(changeOpportunity(made.id, { title: 'Back' }, library, new Date())).rejects.toMatchObject({ kind: 'conflict' });
    // Nothing of it is left in any index partition.
    expect([...aws.items.values()].filter((item) => String(item.pk) === `OPPORTUNITY#${made.id}`).map((item) => item.sk)).toEqual(['OPPORTUNITY']);
  });

  it('leaves out what has ended', async () => {
    const past = await create({ title: 'Yesterday fair', schedule: { type: 'sessions', sessions: [{ start: inDays(-1), end: inDays(-1, '18:00:00') }] } });
    expect(await ids({ terms: termsOf('yesterday') })).toEqual([]);
    expect((await publicOpportunity(past.id)).id).toBe(past.id);
  });
});

function inDays(offset: number, time = '17:00:00') {
  return `${new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)}T${time}Z`;
}
