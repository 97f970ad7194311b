// The passport, against the in-memory table and bucket: a learner sees every badge sent to any of their
// verified addresses (one Query per address, merged newest first, paginated) and nobody else's (another
// learner's badge answers 404); accepting and hiding; the email's add-to-passport link works once; the
// skills profile takes the highest level; next steps build the next level, only when suggestions are
// on (off by default under 18); sharing is opt-in, shows what was chosen and stops at once; the archive
// holds every baked image and credential; forms without the session's CSRF token change nothing.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { putSpine } from '../../functions/data/skills';
import type { Principal } from '../../functions/domain/api-keys';
import { NewOpportunitySchema } from '../../functions/domain/opportunities';
import { skillsFromSpine } from '../../functions/domain/skills';
import type { OutgoingMail } from '../../functions/mail/send';
import { handler } from '../../functions/passport/handler';
import { handler as profiles } from '../../functions/passport/profile-handler';
import { deliverAwardEmail } from '../../functions/services/award-emails';
import { issueAward } from '../../functions/services/awarding';
import { createOpportunity } from '../../functions/opportunities/service';
import { badgeClass, classSvg, provider } from '../support/award-fixtures';
import { context } from '../support/events';
import { FakeAws } from '../support/fake-aws';
import type { UnitLearner } from '../support/learners';
import { learnerEvent, passportLearner } from '../support/passport-learners';
import { handler as learners } from '../../functions/learners/handler';
import { opportunityBody } from '../support/opportunity-body';

const aws = new FakeAws();
const principal: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:issue', 'badges:manage', 'opportunities:manage'], keyPrefix: 'p' };
const put = (value: Record<string, unknown>) => aws.items.set(`${String(value.pk)}\u0000${String(value.sk)}`, value);
const demo = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../cities/demo.json'), 'utf8')), 'cities/demo.json');

const CODING_1 = 'codingexplorer01';
const CODING_2 = 'codingbuilder002';
const TEAMWORK = 'teamworkbadge001';
const classes = [
  { ...badgeClass, id: CODING_1, name: 'Coding explorer', alignments: [{ skillId: 'coding', level: 'explorer', targetName: 'Coding', targetUrl: 'https://city.example/skills/x', targetDescription: 'x', targetFramework: 'x', targetCode: 'x' }] },
  { ...badgeClass, id: CODING_2, name: 'Coding builder', alignments: [{ skillId: 'coding', level: 'builder', targetName: 'Coding', targetUrl: 'https://city.example/skills/x', targetDescription: 'x', targetFramework: 'x', targetCode: 'x' }] },
  { ...badgeClass, id: TEAMWORK, name: 'Team player', alignments: [{ skillId: 'teamwork', targetName: 'Teamwork', targetUrl: 'https://city.example/skills/x', targetDescription: 'x', targetFramework: 'x', targetCode: 'x' }] },
];

const listed = (overrides: Parameters<typeof opportunityBody>[0]) => NewOpportunitySchema.parse(opportunityBody(overrides));
const award = (classId: string, email: string) => issueAward(classId, { recipient: { email }, evidence: [], notify: false }, principal, { now: new Date() });
const call = (input: Parameters<typeof learnerEvent>[0], learner?: UnitLearner, csrf = learner?.csrf) =>
  handler(learnerEvent(input, learner ? { cookies: learner.cookies, ...(csrf ? { csrf } : {}) } : { cookies: [] }), context);
const passportJson = async (learner: UnitLearner, query?: Record<string, string>) => JSON.parse((await call({ path: '/passport/badges', ...(query ? { query } : {}) }, learner)).body!);
/** The learner's passport page, as the learners group serves it with the passport's sections. */
const passportPage = async (learner: UnitLearner) => (await learners(learnerEvent({ path: '/passport', headers: { accept: 'text/html' } }, learner), context)).body!;

beforeAll(async () => {
  const { summary, skills } = skillsFromSpine(demo.skillsSpine);
  await putSpine(summary, skills);
});

beforeEach(async () => {
  for (const key of [...aws.items.keys()]) if (!key.startsWith('SPINE')) aws.items.delete(key);
  put({ pk: 'PROVIDER#central-library', sk: 'PROFILE', ...provider });
  for (const c of classes) {
    put({ pk: `BADGECLASS#${c.id}`, sk: 'CURRENT', ...c, repeatable: true });
    put({ pk: `BADGECLASS#${c.id}`, sk: 'VERSION#000001', ...c, repeatable: true });
  }
  aws.putObject(badgeClass.image.key, Buffer.from(classSvg));
});

describe('the passport lists the learner’s badges', () => {
  it('from every verified address, newest first, in pages; never another learner’s', async () => {
    const ana = await passportLearner({ emails: ['ana@example.org', 'ana.work@example.org'] });
    const first = await award(CODING_1, 'ana@example.org');
    const second = await award(TEAMWORK, 'ana.work@example.org');
    const third = await award(CODING_2, 'ANA@example.org');
    await award(CODING_1, 'ben@example.org');
    const page1 = await passportJson(ana, { limit: '2' });
    expect(page1.items.map((b: { id: string }) => b.id)).toEqual([third.id, second.id]);
    const page2 = await passportJson(ana, { limit: '2', cursor: page1.next });
    expect(page2.items.map((b: { id: string }) => b.id)).toEqual([first.id]);
    expect(page2.next).toBeUndefined();
    // A cursor is bound to its learner's list.
    const ben = await passportLearner({ emails: ['ben@example.org'] });
    expect((await call({ path: '/passport/badges', query: { cursor: page1.next } }, ben)).statusCode).toBe(400);
    expect((await passportJson(ben)).items).toHaveLength(1);
  });

  it('accepts and hides a badge; another learner’s badge answers 404 and changes nothing', async () => {
    const ana = await passportLearner({ emails: ['ana@example.org'] });
    const ben = await passportLearner({ emails: ['ben@example.org'] });
    const mine = await award(CODING_1, 'ana@example.org');
    const reply = await call({ method: 'POST', path: `/passport/badges/${mine.id}`, form: { state: 'accepted' } }, ana);
    expect(reply.statusCode).toBe(303);
    expect(reply.headers.location).toMatch(/\/passport\/badges\?done=accepted$/);
    expect((await passportJson(ana)).items[0].state).toBe('accepted');
    await call({ method: 'POST', path: `/passport/badges/${mine.id}`, form: { state: 'hidden' } }, ana);
    expect((await passportJson(ana)).items[0].state).toBe('hidden');
    expect((await passportJson(ana)).skills).toEqual([]);
    const theirs = await call({ method: 'POST', path: `/passport/badges/${mine.id}`, form: { state: 'accepted' } }, ben);
    expect(theirs.statusCode).toBe(404);
    expect([...aws.items.keys()].filter((k) => k.startsWith(`LEARNER#${ben.account.id}`) && k.includes('PASSPORT#'))).toEqual([]);
  });

  it('changes nothing for a form without this session’s CSRF token, and sends a signed-out browser to sign in', async () => {
    const ana = await passportLearner({ emails: ['ana@example.org'] });
    const mine = await award(CODING_1, 'ana@example.org');
    expect((await call({ method: 'POST', path: `/passport/badges/${mine.id}`, form: { state: 'hidden' } }, ana, 'forged')).statusCode).toBe(403);
    expect((await passportJson(ana)).items[0].state).toBe('new');
    const signedOut = await call({ path: '/passport/badges', headers: { accept: 'text/html' } });
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toContain('/sign-in?next=%2Fpassport%2Fbadges');
    expect((await call({ path: '/passport/badges' })).statusCode).toBe(401);
  });
});

describe('the add-to-passport link', () => {
  it('adds the badge of an address the learner has not verified, once', async () => {
    const ana = await passportLearner({ emails: ['ana@example.org'] });
    const issued = await issueAward(CODING_1, { recipient: { email: 'ana.school@example.org' }, evidence: [] }, principal, { now: new Date() });
    const sent: OutgoingMail[] = [];
    await deliverAwardEmail(issued.id, async (mail) => void sent.push(mail), new Date());
    const token = new URL(/https?:\/\/\S+\/passport\/add\S+/.exec(sent[0]!.text)![0]).searchParams.get('token')!;
    const ask = await call({ path: '/passport/add', query: { token }, headers: { accept: 'text/html' } }, ana);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Coding explorer');
    expect((await passportJson(ana)).items).toEqual([]);
    expect((await call({ method: 'POST', path: '/passport/add', form: { token } }, ana)).statusCode).toBe(303);
    expect((await passportJson(ana)).items.map((b: { id: string; state: string }) => [b.id, b.state])).toEqual([[issued.id, 'accepted']]);
    const ben = await passportLearner({ emails: ['ben@example.org'] });
    expect((await call({ method: 'POST', path: '/passport/add', form: { token } }, ben)).statusCode).toBe(404);
    expect((await passportJson(ben)).items).toEqual([]);
  });
});

describe('skills and next steps', () => {
  it('shows each skill at the highest level the badges show, as an SVG chart with a table', async () => {
    const ana = await passportLearner({ emails: ['ana@example.org'] });
    await award(CODING_1, 'ana@example.org');
    await award(CODING_2, 'ana@example.org');
    await award(TEAMWORK, 'ana@example.org');
    const { skills } = await passportJson(ana);
    expect(skills).toEqual([
      { skillId: 'teamwork', name: expect.any(String), reached: 0, of: 3, badges: 1 },
      { skillId: 'coding', name: 'Coding', level: expect.any(String), reached: 2, of: 3, badges: 2 },
    ]);
    const page = await passportPage(ana);
    expect(page).toMatch(/<svg class="skills-chart" role="img"/);
    expect(page).toContain('<table class="skills-table">');
  });

  it('suggests opportunities at the next level when suggestions are on, and works nothing out when they are off', async () => {
    await createOpportunity(listed({ title: 'Builders club', skills: [{ skillId: 'coding', level: 'builder' }], ageRange: { min: 16, max: 30 } }), principal, new Date());
    await createOpportunity(listed({ title: 'First steps club', skills: [{ skillId: 'coding', level: 'explorer' }], ageRange: { min: 16, max: 30 } }), principal, new Date());
    await createOpportunity(listed({ title: 'Builders for children', skills: [{ skillId: 'coding', level: 'builder' }], ageRange: { min: 8, max: 11 } }), principal, new Date());
    const adult = await passportLearner({ emails: ['ana@example.org'], ageBand: '18-24' });
    const teen = await passportLearner({ emails: ['ben@example.org'], ageBand: '16-17' });
    await award(CODING_1, 'ana@example.org');
    await award(CODING_1, 'ben@example.org');
    const adultPage = await passportPage(adult);
    expect(adultPage).toContain('Builders club');
    expect(adultPage).not.toContain('First steps club');
    expect(adultPage).not.toContain('Builders for children');
    const teenPage = await passportPage(teen);
    expect(teenPage).not.toContain('Builders club');
    expect(teenPage).toContain('Suggestions based on your badges are off');
  });
});

describe('sharing', () => {
  it('is opt-in, shows the chosen badges and the display name, and stops at once', async () => {
    const ana = await passportLearner({ emails: ['ana@example.org'], ageBand: '16-17' });
    const shown = await award(CODING_1, 'ana@example.org');
    const notShown = await award(TEAMWORK, 'ana@example.org');
    const refused = await call({ method: 'POST', path: '/passport/share', form: { awardId: shown.id } }, ana);
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.body!).errors[0].field).toBe('allowPublicProfile');
    expect((await call({ method: 'POST', path: '/passport/share', form: { awardId: shown.id, displayName: 'Ana B', allowPublicProfile: 'yes' } }, ana)).statusCode).toBe(303);
    const { share } = await passportJson(ana);
    expect(share.url).toMatch(/\/profiles\/[a-z2-7]{26}$/);
    const profileId = share.url.split('/').at(-1);
    const profile = await profiles(learnerEvent({ path: `/profiles/${profileId}` }, { cookies: [] }), context);
    expect(JSON.parse(profile.body!)).toEqual({ displayName: 'Ana B', badges: [expect.objectContaining({ id: shown.id, name: 'Coding explorer' })] });
    expect(profile.body).not.toContain(notShown.id);
    // The name is kept sealed.
    expect(JSON.stringify([...aws.items.values()])).not.toContain('Ana B');
    expect((await call({ method: 'POST', path: '/passport/share/revoke', form: {} }, ana)).statusCode).toBe(303);
    expect((await profiles(learnerEvent({ path: `/profiles/${profileId}` }, { cookies: [] }), context)).statusCode).toBe(404);
  });

  it('refuses to share another learner’s badge, or a hidden one', async () => {
    const ana = await passportLearner({ emails: ['ana@example.org'], settings: { publicProfile: true } });
    const bens = await award(CODING_1, 'ben@example.org');
    expect((await call({ method: 'POST', path: '/passport/share', form: { awardId: bens.id } }, ana)).statusCode).toBe(404);
    const mine = await award(CODING_2, 'ana@example.org');
    await call({ method: 'POST', path: `/passport/badges/${mine.id}`, form: { state: 'hidden' } }, ana);
    expect((await call({ method: 'POST', path: '/passport/share', form: { awardId: mine.id } }, ana)).statusCode).toBe(400);
  });
});

describe('the archive', () => {
  it('holds every badge’s baked image and OB 3.0 credential', async () => {
    const ana = await passportLearner({ emails: ['ana@example.org'] });
    const a = await award(CODING_1, 'ana@example.org');
    const b = await award(TEAMWORK, 'ana@example.org');
    const reply = await call({ path: '/passport/archive' }, ana);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(Buffer.from(reply.body!, 'base64')));
    const names = Object.keys(files).sort();
    expect(names).toEqual([`coding-explorer-${a.id}.credential.json`, `coding-explorer-${a.id}.svg`, `team-player-${b.id}.credential.json`, `team-player-${b.id}.svg`]);
    expect(JSON.parse(new TextDecoder().decode(files[`team-player-${b.id}.credential.json`]))).toMatchObject({ type: expect.arrayContaining(['OpenBadgeCredential']) });
    expect(new TextDecoder().decode(files[`coding-explorer-${a.id}.svg`])).toContain('openbadges:credential');
  });
});
