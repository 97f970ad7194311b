// Pathways over an in-memory table: every reference checked and named, a provider's pathway hidden
// from other providers, publishing makes an immutable version with exactly its index items (by skill,
// listed, and the milestone rules by component badge class), archiving removes them, and a failed or
// lost write changes nothing.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('everything'));
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../../definitions/city-config';
import { archiveBadgeClass, createBadgeClass } from '../../../functions/badge-classes/service';
import { getPathway, getPathwayVersion, milestoneRulesFor, putPathway, rulesWithBadgeClass } from '../../../functions/data/pathways';
import { createProvider } from '../../../functions/data/providers';
import type { Principal } from '../../../functions/domain/api-keys';
import { NewOpportunitySchema } from '../../../functions/domain/opportunities';
import { evaluate } from '../../../functions/domain/pathway-rules';
import { NewPathwaySchema } from '../../../functions/domain/pathways';
import { createOpportunity } from '../../../functions/opportunities/service';
import { archive, changeDraft, createPathway, draftPathway, listPathways, pathwaysThrough, pathwaysWith, pathwayView, publicPathway, publish } from '../../../functions/pathways/service';
import { syncSpine } from '../../../functions/spine/service';
import { badgeClassPageView } from '../../../functions/badge-classes/service';
import { pathwaysOf } from '../../../functions/badges/service';
import type { Award } from '../../../functions/domain/awards';
import { skillPageView } from '../../../functions/skills/service';
import { FakeAws } from '../../support/fake-aws';
import { opportunityBody } from '../../support/opportunity-body';
import { pathwayBody } from '../../support/pathway-body';

const aws = new FakeAws();
const library: Principal = { role: 'provider', providerId: 'central-library', scopes: ['opportunities:manage'], keyPrefix: 'lib' };
const museum: Principal = { role: 'provider', providerId: 'city-museum', scopes: ['opportunities:manage'], keyPrefix: 'mus' };
const admin: Principal = { role: 'city-admin', scopes: [], keyPrefix: 'adm' };
const now = () => new Date();

const badge = async (name: string, who = library, extra: Record<string, unknown> = {}) =>
  (await createBadgeClass({ name, description: `${name}.`, criteria: { narrative: 'Did it.' }, alignments: [{ skillId: 'coding' }], tags: [], ...extra }, who, now())).id;
const draft = (body: Record<string, unknown>, who = library) => createPathway(NewPathwaySchema.parse(body), who, now());
const step = (badgeClassId: string) => ({ type: 'badge-class' as const, badgeClassId });

let a: string, b: string, c: string, museumBadge: string, milestone: string;

beforeAll(async () => {
  const config = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../../cities/demo.json'), 'utf8')), 'demo');
  await syncSpine(config.skillsSpine);
  for (const [id, name] of [['central-library', 'Central Library'], ['city-museum', 'City Museum']]) {
    await createProvider({ id: id!, name: name!, url: 'https://x.example.org', email: 'a@x.example.org' }, now());
  }
  [a, b, c, milestone] = [await badge('Step A'), await badge('Step B'), await badge('Step C'), await badge('Digital Maker')];
  museumBadge = await badge('Museum explorer', museum);
});

describe('drafting', () => {
  it('checks every reference, naming each bad field', async () => {
    const archived = await badge('Old badge');
    await archiveBadgeClass(archived, library, now());
    const repeatable = await badge('Every week', library, { repeatable: true });
    const silent = await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ badgeClassIds: [] })), library, now());
    await expect(
      draft(
        pathwayBody([archived, 'aaaaaaaaaaaaaaaa'], {
          skills: ['juggling'],
          rule: { type: 'group', of: [step(archived), step('aaaaaaaaaaaaaaaa'), { type: 'opportunity', opportunityId: silent.id }, { type: 'opportunity', opportunityId: 'bbbbbbbbbbbbbbbb' }] },
          milestoneBadgeClassId: museumBadge,
          destination: { type: 'opportunity', opportunityId: 'cccccccccccccccc' },
        }),
      ),
    ).rejects.toMatchObject({
      kind: 'invalid',
      fields: [
        { field: 'skills[0]', detail: "is not a skill of the city's spine" },
        { field: 'rule.of[0].badgeClassId', detail: 'is not an active badge class of this city' },
        { field: 'rule.of[1].badgeClassId' },
        { field: 'rule.of[2].opportunityId', detail: 'awards no badge class, so nobody could be seen to complete it' },
        { field: 'rule.of[3].opportunityId', detail: 'is not an opportunity of the directory' },
        { field: 'milestoneBadgeClassId', detail: "is not an active badge class of the pathway's provider" },
        { field: 'destination.opportunityId' },
      ],
    });
    await expect(draft(pathwayBody([a], { milestoneBadgeClassId: repeatable }))).rejects.toMatchObject({ fields: [{ field: 'milestoneBadgeClassId', detail: 'is repeatable: a milestone is awarded once per learner' }] });
    await expect(draft(pathwayBody([a], { milestoneBadgeClassId: a }))).rejects.toMatchObject({ fields: [{ field: 'milestoneBadgeClassId', detail: 'is also a step of the pathway' }] });
    await expect(draft({ ...pathwayBody([a]), providerId: 'city-museum' })).rejects.toMatchObject({ fields: [{ field: 'providerId' }] });
  });

  it("takes other providers' badge classes as steps, and copies an opportunity step's badge classes from the directory", async () => {
    const course = await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ badgeClassIds: [b] })), library, now());
    const made = await draft(pathwayBody([], { rule: { type: 'group', of: [step(museumBadge), { type: 'opportunity', opportunityId: course.id }] } }));
    expect(made.draft.rule).toEqual({ type: 'group', of: [step(museumBadge), { type: 'opportunity', opportunityId: course.id, badgeClassIds: [b] }] });
    // The opportunity awards b: naming b as a step too would count one badge twice.
    await expect(draft(pathwayBody([], { rule: { type: 'group', of: [step(b), { type: 'opportunity', opportunityId: course.id }] } }))).rejects.toMatchObject({ fields: [{ field: 'rule.of[1]' }] });
  });

  it("hides a provider's pathway from other providers, and the city's own from every provider", async () => {
    const mine = await draft(pathwayBody([a]));
    await expect(draftPathway(mine.id, museum)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(changeDraft(mine.id, { name: 'Taken' }, museum, now())).rejects.toMatchObject({ kind: 'not-found' });
    await expect(publish(mine.id, museum, now())).rejects.toMatchObject({ kind: 'not-found' });
    expect((await draftPathway(mine.id, admin)).providerId).toBe('central-library');
    const citys = await draft(pathwayBody([a, museumBadge]), admin);
    expect(citys.providerId).toBeUndefined();
    await expect(draftPathway(citys.id, library)).rejects.toMatchObject({ kind: 'not-found' });
    // Never published: not public.
    await expect(publicPathway(mine.id)).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('publishing', () => {
  it('makes immutable versions with exactly their index items', async () => {
    const made = await draft(pathwayBody([a, b], { name: 'Zebra coding', skills: ['coding', 'teamwork'], milestoneBadgeClassId: milestone }));
    const v1 = await publish(made.id, library, now());
    expect(v1.published).toMatchObject({ version: 1, name: 'Zebra coding' });
    expect((await listPathways('teamwork', {})).items.map((p) => p.id)).toEqual([made.id]);
    expect(await milestoneRulesFor(a)).toEqual([{ pathwayId: made.id, name: 'Zebra coding', version: 1, milestoneBadgeClassId: milestone, rule: v1.published!.rule }]);
    expect((await pathwaysThrough('coding')).map((p) => p.id)).toContain(made.id);
    expect(await pathwaysWith(b)).toEqual([{ id: made.id, name: 'Zebra coding', version: 1 }]);

    // Publishing again with nothing changed writes nothing.
    const mark = aws.mark();
    expect((await publish(made.id, library, now())).published!.version).toBe(1);
    expect(aws.changedSince(mark)).toBe('');

    // A draft change is not public until it is published; then b's rule item goes, c's comes.
    await changeDraft(made.id, { rule: { type: 'group', of: [step(a), step(c)] }, skills: ['coding'] }, library, now());
    expect((await publicPathway(made.id)).version.version).toBe(1);
    const v2 = await publish(made.id, library, now());
    expect(v2.published!.version).toBe(2);
    expect(await rulesWithBadgeClass(b)).toEqual([]);
    expect((await milestoneRulesFor(c)).map((r) => r.version)).toEqual([2]);
    expect((await milestoneRulesFor(a)).map((r) => r.version)).toEqual([2]);
    expect((await listPathways('teamwork', {})).items).toEqual([]);
    expect((await getPathwayVersion(made.id, 1))!.rule).toEqual(v1.published!.rule);

    // The milestone is fixed once published.
    await expect(changeDraft(made.id, { milestoneBadgeClassId: b }, library, now())).rejects.toMatchObject({ fields: [{ field: 'milestoneBadgeClassId' }] });
  });

  it('lists by name across pages, and rules without a milestone are not the consumer’s', async () => {
    const names = ['Beta pathway', 'alpha pathway', 'Gamma pathway'];
    const made: { id: string }[] = [];
    for (const name of names) made.push(await publish((await draft(pathwayBody([c], { name, skills: ['communication'] }))).id, library, now()));
    const first = await listPathways('communication', { limit: 2 });
    const second = await listPathways('communication', { limit: 2, cursor: first.next! });
    expect([...first.items, ...second.items].map((p) => p.name)).toEqual(['alpha pathway', 'Beta pathway', 'Gamma pathway']);
    expect((await milestoneRulesFor(c)).every((r) => !made.some((m) => m.id === r.pathwayId))).toBe(true);
    expect((await rulesWithBadgeClass(c)).filter((r) => made.some((m) => m.id === r.pathwayId))).toHaveLength(3);
  });

  it('archives: unlisted, out of the rules index, still readable; publishing brings it back', async () => {
    const made = await publish((await draft(pathwayBody([a], { name: 'Archived soon', skills: ['resilience'], milestoneBadgeClassId: milestone }))).id, library, now());
    const archived = await archive(made.id, library, now());
    expect(archived.status).toBe('archived');
    expect((await listPathways('resilience', {})).items).toEqual([]);
    expect((await milestoneRulesFor(a)).map((r) => r.pathwayId)).not.toContain(made.id);
    expect((await publicPathway(made.id)).pathway.status).toBe('archived');
    expect(aws.itemsUnder(`PATHWAY#${made.id}`).map((i) => i.sk).sort()).toEqual(['PATHWAY', 'VERSION#000001']);
    await expect(archive(made.id, library, now())).rejects.toMatchObject({ kind: 'conflict' });
    const back = await publish(made.id, library, now());
    expect(back).toMatchObject({ status: 'published', published: { version: 1 } });
    expect((await listPathways('resilience', {})).items.map((p) => p.id)).toEqual([made.id]);
  });

  it('a publish that fails half-way changes nothing and can be retried; a lost update is a conflict', async () => {
    const made = await draft(pathwayBody([a, b], { name: 'Retried', skills: ['creativity'] }));
    const mark = aws.mark();
    aws.fail('TransactWriteItems', { nth: 1 });
    await expect(publish(made.id, library, now())).rejects.toThrow(/throttled/);
    expect(aws.changedSince(mark)).toBe('');
    expect((await publish(made.id, library, now())).published!.version).toBe(1);
    const stored = (await getPathway(made.id, true))!;
    await putPathway({ ...stored.pathway, updatedAt: new Date(Date.now() + 5).toISOString() }, { updatedAt: stored.pathway.updatedAt, indexedAs: stored.indexedAs });
    await expect(putPathway({ ...stored.pathway, draft: { ...stored.pathway.draft, name: 'Lost' } }, { updatedAt: stored.pathway.updatedAt, indexedAs: stored.indexedAs })).rejects.toMatchObject({ kind: 'conflict' });
    // The index items survive a draft write.
    expect((await listPathways('creativity', {})).items.map((p) => p.id)).toEqual([made.id]);
  });
});

describe('the page view', () => {
  it('lists where and when to earn each badge step, soonest first, and evaluates against the published rule', async () => {
    const later = await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ title: 'Later club', badgeClassIds: [a], schedule: { type: 'sessions', sessions: [{ start: '2031-03-01T17:00:00Z', end: '2031-03-01T18:00:00Z' }] } })), library, now());
    const sooner = await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ title: 'Sooner club', badgeClassIds: [a], schedule: { type: 'sessions', sessions: [{ start: '2030-03-01T17:00:00Z', end: '2030-03-01T18:00:00Z' }] } })), library, now());
    const made = await publish((await draft(pathwayBody([a, museumBadge], { name: 'Viewed' }))).id, library, now());
    const queriesBefore = aws.ddb.commandCalls(QueryCommand).length;
    const view = await pathwayView(made.id, now());
    // Read through the index of opportunities by badge class (pattern 30), not a provider's listing.
    const partitions = aws.ddb.commandCalls(QueryCommand).slice(queriesBefore).map((call) => call.args[0].input.ExpressionAttributeValues?.[':pk']);
    expect(partitions).toEqual(expect.arrayContaining([`BADGECLASS#${a}#OPPS`, `BADGECLASS#${museumBadge}#OPPS`]));
    expect(partitions.filter((pk) => typeof pk === 'string' && pk.startsWith('PROVIDER#'))).toEqual([]);
    expect(view.whereToEarn.get(a)!.find((card) => card.id === sooner.id)).toMatchObject({ title: 'Sooner club', providerName: 'Central Library' });
    expect(view.whereToEarn.get(a)!.map((o) => o.id).filter((id) => [later.id, sooner.id].includes(id))).toEqual([sooner.id, later.id]);
    expect(view.whereToEarn.get(museumBadge)).toEqual([]);
    expect(view.providerNames.get('city-museum')).toBe('City Museum');
    const holdings = [a, museumBadge].map((badgeClassId, i) => ({ badgeClassId, awardId: `award${i}`, issuedOn: '2026-01-0' + (i + 1), groups: [] }));
    expect(evaluate(view.version.rule, holdings)).toEqual({ met: true, contributing: ['award0', 'award1'] });
  });
});

describe('the pages that link pathways', () => {
  it("the skill's, the badge class's and the badge's services read the pathways through / with them, and an archived one drops out", async () => {
    const made = await publish((await draft(pathwayBody([c, museumBadge], { name: 'Linked from pages', skills: ['sustainability'] }))).id, library, now());
    const linked = { id: made.id, name: 'Linked from pages', version: 1 };
    expect((await skillPageView('sustainability', now())).pathways.map((p) => p.id)).toEqual([made.id]);
    expect((await badgeClassPageView(museumBadge, now())).pathways).toContainEqual(linked);
    expect(await pathwaysOf({ badgeClassId: c } as Award)).toContainEqual(linked);
    // Another badge page of the class within the page facts' TTL: the same list, no read.
    const reads = aws.ddb.calls().length;
    expect(await pathwaysOf({ badgeClassId: c } as Award)).toContainEqual(linked);
    expect(aws.ddb.calls().length).toBe(reads);
    await archive(made.id, library, now());
    expect((await skillPageView('sustainability', now())).pathways).toEqual([]);
    expect((await badgeClassPageView(museumBadge, now())).pathways).not.toContainEqual(linked);
  });
});
