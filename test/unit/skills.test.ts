await vi.hoisted(async () => (await import('../support/function-env')).runAs('skills'));
import { readFileSync } from 'node:fs';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../definitions/city-config';
import { putSpine, spineKeys } from '../../functions/data/skills';
import { skillsFromSpine } from '../../functions/domain/skills';
import { handler } from '../../functions/skills/handler';
import { context, httpEvent, parseBody } from '../support/events';

const ddb = mockClient(DynamoDBDocumentClient);
const demo = parseCityConfig(JSON.parse(readFileSync('cities/demo.json', 'utf8')), 'cities/demo.json');
const { summary, skills } = skillsFromSpine(demo.skillsSpine);
const stored = [{ ...spineKeys.meta(), ...summary }, ...skills.map((s) => ({ ...spineKeys.skill(s.id), ...s }))];

beforeEach(() => ddb.reset());

describe('GET /skills/{skillId}', () => {
  it('answers the skill with its stable URL and a ready-made Open Badges alignment, from one GetItem', async () => {
    ddb.on(GetCommand, { Key: spineKeys.skill('coding') }).resolves({ Item: stored.find((i) => i.sk === 'SKILL#coding') });
    const reply = await handler(httpEvent({ path: '/skills/coding' }), context);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['cache-control']).toBe('public, max-age=300');
    const skill = parseBody(reply);
    expect(skill).toMatchObject({
      id: 'https://unit.example/skills/coding',
      skillId: 'coding',
      group: { id: 'digital', name: 'Digital skills' },
      alignment: { targetUrl: 'https://unit.example/skills/coding', targetFramework: 'Demo City Skills Spine', targetCode: 'coding' },
    });
    expect(skill).not.toHaveProperty('pk');
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
  });

  it('answers 404 problem+json for an unknown skill', async () => {
    ddb.on(GetCommand).resolves({});
    const reply = await handler(httpEvent({ path: '/skills/juggling' }), context);
    expect(reply.statusCode).toBe(404);
    expect(parseBody(reply)).toMatchObject({ status: 404, detail: 'Skill "juggling" was not found' });
  });

  it('answers 500 without internals when DynamoDB fails', async () => {
    ddb.on(GetCommand).rejects(new Error('ProvisionedThroughputExceededException: table city-demo'));
    const reply = await handler(httpEvent({ path: '/skills/coding' }), context);
    expect(reply.statusCode).toBe(500);
    expect(reply.body).not.toContain('city-demo');
  });
});

describe('GET /skills', () => {
  it('lists the spine in order, leaving retired skills out unless asked', async () => {
    const retired = { ...stored.find((i) => i.sk === 'SKILL#teamwork')!, retired: true };
    ddb.on(QueryCommand).resolves({ Items: [...stored.filter((i) => i.sk !== 'SKILL#teamwork'), retired].reverse() });
    const list = parseBody(await handler(httpEvent({ path: '/skills' }), context)) as { skills: { skillId: string }[]; groups: unknown[] };
    expect(list.skills.map((s) => s.skillId)).toEqual(skills.filter((s) => s.id !== 'teamwork').map((s) => s.id));
    expect(list.groups).toHaveLength(4);
    const all = parseBody(await handler(httpEvent({ path: '/skills', query: { includeRetired: 'true' } }), context)) as typeof list;
    expect(all.skills.map((s) => s.skillId)).toContain('teamwork');
  });

  it('filters by group, and rejects a group the spine does not have', async () => {
    ddb.on(QueryCommand).resolves({ Items: stored });
    const digital = parseBody(await handler(httpEvent({ path: '/skills', query: { group: 'digital' } }), context)) as { skills: { group: { id: string } }[] };
    expect(digital.skills.length).toBe(4);
    expect(digital.skills.every((s) => s.group.id === 'digital')).toBe(true);
    const reply = await handler(httpEvent({ path: '/skills', query: { group: 'cooking' } }), context);
    expect(reply.statusCode).toBe(400);
    expect(parseBody(reply).errors).toEqual([{ in: 'query', field: 'group', detail: 'is not a group of this spine' }]);
  });

  it('follows query pages', async () => {
    ddb.on(QueryCommand).resolvesOnce({ Items: stored.slice(0, 5), LastEvaluatedKey: { pk: 'SPINE', sk: 'x' } }).resolves({ Items: stored.slice(5) });
    const list = parseBody(await handler(httpEvent({ path: '/skills' }), context)) as { skills: unknown[] };
    expect(list.skills).toHaveLength(skills.length);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);
  });
});

describe('putSpine', () => {
  it('writes every skill and retires (not deletes) the ones no longer in the config', async () => {
    const gone = { ...skills[0]!, id: 'typing', name: 'Typing' };
    ddb.on(QueryCommand).resolves({ Items: [...stored, { ...spineKeys.skill('typing'), ...gone }] });
    ddb.on(BatchWriteCommand).resolves({});
    const result = await putSpine(summary, skills);
    expect(result).toEqual({ written: skills.length, retired: ['typing'] });
    const written = ddb.commandCalls(BatchWriteCommand).flatMap((c) => Object.values(c.args[0].input.RequestItems!).flat());
    expect(written).toHaveLength(skills.length + 2);
    expect(written.map((w) => w.PutRequest!.Item)).toContainEqual(expect.objectContaining({ sk: 'SKILL#typing', retired: true }));
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 1);
  });

  it('retries unprocessed items, and fails loudly if DynamoDB never takes them', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { 'unit-test-table': [{ PutRequest: { Item: { pk: 'SPINE', sk: 'META' } } }] } })
      .resolves({});
    await putSpine(summary, skills);
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 2);
    expect(ddb.commandCalls(BatchWriteCommand)[1]!.args[0].input.RequestItems!['unit-test-table']).toHaveLength(1);

    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: input.RequestItems }));
    vi.useFakeTimers();
    const failed = expect(putSpine(summary, skills.slice(0, 2))).rejects.toThrow(/3 items unprocessed/);
    await vi.runAllTimersAsync();
    await failed;
    vi.useRealTimers();
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 8);
  });
});
