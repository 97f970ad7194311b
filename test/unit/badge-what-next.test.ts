// A badge page's "what next" and its share image, over the in-memory table and bucket: opportunities
// that build the badge's skills one level up, nearest the provider first, without the ones that award
// the same badge; the PNG rendition of an SVG badge made once and then read from the bucket.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { createBadgeClass } from '../../functions/badge-classes/service';
import { shareImage, whatNext } from '../../functions/badges/service';
import { createProvider } from '../../functions/data/providers';
import type { Principal } from '../../functions/domain/api-keys';
import type { Award } from '../../functions/domain/awards';
import type { BadgeClass } from '../../functions/domain/badge-classes';
import { NewOpportunitySchema } from '../../functions/domain/opportunities';
import { nextSteps } from '../../functions/domain/what-next';
import { createOpportunity } from '../../functions/opportunities/service';
import { syncSpine } from '../../functions/spine/service';
import { imageKeys } from '../../functions/storage/images';
import { FakeAws } from '../support/fake-aws';
import { opportunityBody, type Body } from '../support/opportunity-body';

const aws = new FakeAws();
const library: Principal = { role: 'provider', providerId: 'central-library', scopes: ['opportunities:manage', 'badges:manage'], keyPrefix: 'lib' };
const museum: Principal = { role: 'provider', providerId: 'city-museum', scopes: ['opportunities:manage'], keyPrefix: 'mus' };
// The library's venue, and two places 2 km and 10 km away.
const LIBRARY = { lat: 52.4797, lng: -1.9027 };
const venue = (name: string, lat: number, lng: number) => ({ mode: 'in-person' as const, venue: { name, streetAddress: '1 Road', locality: 'Demo City', postcode: 'DC1 1AA', latitude: lat, longitude: lng } });

const create = (body: Partial<Body>, who = library) => createOpportunity(NewOpportunitySchema.parse(opportunityBody(body)), who, new Date());
const awardOf = (badgeClass: BadgeClass): Award =>
  ({ id: 'abcdefghijklmnopqrstuvwxyz', badgeClassId: badgeClass.id, badgeClassVersion: badgeClass.version, issuerId: badgeClass.issuerId }) as Award;

let codeClub: BadgeClass;

beforeAll(async () => {
  const config = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../cities/demo.json'), 'utf8')), 'demo');
  await syncSpine(config.skillsSpine);
  for (const [id, name] of [['central-library', 'Central Library'], ['city-museum', 'City Museum']]) {
    await createProvider({ id: id!, name: name!, url: 'https://x.example.org', email: 'a@x.example.org' }, new Date());
  }
  codeClub = await createBadgeClass(
    { name: 'Code Club', description: 'Came to code club.', criteria: { narrative: 'Four sessions.' }, alignments: [{ skillId: 'coding', level: 'explorer' }], tags: [] },
    library,
    new Date(),
  );
});

describe('nextSteps', () => {
  const levels = [{ id: 'explorer' }, { id: 'builder' }, { id: 'leader' }];
  it('goes one level up, takes any level where the badge names none, and stops at the top', () => {
    expect(nextSteps([{ skillId: 'coding', level: 'explorer' }, { skillId: 'teamwork' }, { skillId: 'enterprise', level: 'leader' }], levels)).toEqual([
      { skillId: 'coding', level: 'builder' },
      { skillId: 'teamwork' },
    ]);
    expect(nextSteps([{ skillId: 'coding', level: 'wizard' }], levels)).toEqual([]);
  });
});

describe('whatNext', () => {
  it('lists opportunities at the next level, nearest the provider first, online ones after, not those that award the same badge', async () => {
    // Where the library is: its opportunity that awards this badge (left out of the list itself).
    const own = await create({ title: 'Code Club, explorers', badgeClassIds: [codeClub.id], place: venue('Central Library', LIBRARY.lat, LIBRARY.lng) });
    const far = await create({ title: 'Python builders (far)', skills: [{ skillId: 'coding', level: 'builder' }], place: venue('Far Hall', LIBRARY.lat + 0.09, LIBRARY.lng) }, museum);
    const near = await create({ title: 'Python builders (near)', skills: [{ skillId: 'coding', level: 'builder' }], place: venue('Near Hall', LIBRARY.lat + 0.018, LIBRARY.lng) }, museum);
    const online = await create({ title: 'Python builders online', skills: [{ skillId: 'coding', level: 'builder' }], place: { mode: 'online' } }, museum);
    const sameLevel = await create({ title: 'More explorers', skills: [{ skillId: 'coding', level: 'explorer' }], place: venue('Near Hall', LIBRARY.lat + 0.001, LIBRARY.lng) }, museum);
    const draft = await create({ title: 'Draft builders', status: 'draft', skills: [{ skillId: 'coding', level: 'builder' }] }, museum);

    const { opportunities, skillIds } = await whatNext(awardOf(codeClub), new Date());
    expect(skillIds).toEqual(['coding']);
    const ids = opportunities.map((f) => f.card.id);
    expect(ids).toEqual([near.id, far.id, online.id]);
    expect(ids).not.toContain(own.id);
    expect(ids).not.toContain(sameLevel.id);
    expect(ids).not.toContain(draft.id);
    expect(opportunities[0]!.distanceKm).toBeCloseTo(2, 0);
    expect(opportunities[2]!.distanceKm).toBeUndefined();
  });

  it('reads the directory by its indexes only (Query and GetItem, never Scan), once for every badge page of the class', async () => {
    const makers = await createBadgeClass(
      { name: 'Makers', description: 'Made things.', criteria: { narrative: 'Made one.' }, alignments: [{ skillId: 'coding', level: 'explorer' }], tags: [] },
      library,
      new Date(),
    );
    const before = aws.ddb.calls().length;
    const first = await whatNext(awardOf(makers), new Date());
    const names = aws.ddb.calls().slice(before).map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name === 'QueryCommand' || name === 'GetCommand')).toBe(true);
    // Another learner's badge of the same class, within the page facts' TTL: the same list, no read.
    const again = aws.ddb.calls().length;
    expect(await whatNext({ ...awardOf(makers), id: 'zyxwvutsrqponmlkjihgfedcba' }, new Date())).toEqual(first);
    expect(aws.ddb.calls().length).toBe(again);
  });

  it('has nothing to suggest for a badge without skills', async () => {
    const plain = await createBadgeClass({ name: 'Visitor', description: 'Came.', criteria: { narrative: 'Come.' }, alignments: [], tags: [] }, library, new Date());
    expect(await whatNext(awardOf(plain), new Date())).toEqual({ opportunities: [], skillIds: [] });
  });
});

describe('shareImage', () => {
  it('draws an SVG badge as a PNG once, keeps it in the bucket, and serves the kept one after', async () => {
    const key = imageKeys.pngRendition(codeClub.image.key);
    expect(aws.objects.has(key)).toBe(false);
    const first = await shareImage(awardOf(codeClub));
    if (process.env.SHARE_IMAGE_OUT) (await import('node:fs')).writeFileSync(process.env.SHARE_IMAGE_OUT, first);
    const png = PNG.sync.read(first);
    expect(png.width).toBe(600);
    // Not blank: the hexagon and its text are drawn in more than one colour.
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(3);
    expect(aws.objects.get(key)?.contentType).toBe('image/png');
    // A second request reads the kept rendition: changing it in the bucket shows.
    aws.putObject(key, Buffer.from('kept'), 'image/png');
    expect((await shareImage(awardOf(codeClub))).toString()).toBe('kept');
  });
});
