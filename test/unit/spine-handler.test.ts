await vi.hoisted(async () => (await import('../support/function-env')).runAs('spineSync'));
import { readFileSync } from 'node:fs';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/spine/handler';
import { context } from '../support/events';

const ddb = mockClient(DynamoDBDocumentClient);
const spine = (JSON.parse(readFileSync('cities/demo.json', 'utf8')) as { skillsSpine: unknown }).skillsSpine;

const event = (RequestType: 'Create' | 'Update' | 'Delete', SpineJson = JSON.stringify(spine)) =>
  ({
    RequestType,
    ServiceToken: 'arn',
    ResponseURL: 'https://cloudformation-response.example/signed',
    StackId: 'stack',
    RequestId: 'req',
    LogicalResourceId: 'Spine',
    ResourceType: 'Custom::SkillsSpine',
    ResourceProperties: { ServiceToken: 'arn', SpineJson },
    ...(RequestType === 'Create' ? {} : { PhysicalResourceId: 'spine-Spine', OldResourceProperties: {} }),
  }) as CloudFormationCustomResourceEvent;

const sent = () => JSON.parse(String(vi.mocked(fetch).mock.calls[0]![1]!.body)) as Record<string, string>;

beforeEach(() => {
  ddb.reset();
  vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 200 })));
});
afterEach(() => vi.unstubAllGlobals());

describe('skills spine custom resource', () => {
  it('writes the spine and reports SUCCESS to CloudFormation', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(BatchWriteCommand).resolves({});
    await handler(event('Create'), context);
    expect(ddb).toHaveReceivedCommand(BatchWriteCommand);
    expect(sent()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'spine-Spine', RequestId: 'req' });
  });

  it('reports FAILED with the reason instead of leaving the deploy hanging', async () => {
    await handler(event('Update', JSON.stringify({ name: 'x' })), context);
    expect(sent()).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'spine-Spine' });
    expect(sent().Reason).toMatch(/levels|groups|skills/);
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
  });

  it('leaves the data alone on Delete', async () => {
    await handler(event('Delete'), context);
    expect(ddb.calls()).toHaveLength(0);
    expect(sent().Status).toBe('SUCCESS');
  });
});
