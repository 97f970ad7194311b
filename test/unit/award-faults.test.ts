// An award is complete or absent: with faults injected into S3 and DynamoDB, no record ever points at
// a missing image, nothing half-made is visible, and a retry completes the award.
await vi.hoisted(async () => (await import('../support/function-env')).runAs('awards'));
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { issueAward, issueBatch, recipientName, recipientNameKey } from '../../functions/awards/service';
import type { Award } from '../../functions/domain/awards';
import type { Principal } from '../../functions/domain/api-keys';
import type { BadgeClass } from '../../functions/domain/badge-classes';
import { renderDefaultBadgeSvg } from '../../functions/domain/pages/default-badge-svg';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

const badgeClass: BadgeClass = {
  id: 'aaaaaaaaaaaaaaaa',
  version: 1,
  issuerId: 'central-library',
  name: 'Code Club',
  description: 'Came to code club.',
  criteria: { narrative: 'Four sessions.' },
  alignments: [],
  tags: [],
  image: { key: 'badge-classes/aaaaaaaaaaaaaaaa/v1.svg', type: 'svg' },
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const provider = { id: 'central-library', name: 'Central Library', url: 'https://library.example.org', email: 'a@library.example.org', createdAt: 'x', updatedAt: 'x' };
const principal: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:issue'], keyPrefix: 'p' };
const request = { recipient: { email: 'ana@example.org' }, evidence: [] };
const svg = renderDefaultBadgeSvg({ name: 'Code Club', primaryColour: '#1b4f72', secondaryColour: '#f39c12' });

beforeEach(() => {
  ddb.reset();
  s3.reset();
  ddb.on(GetCommand, { Key: { pk: 'BADGECLASS#aaaaaaaaaaaaaaaa', sk: 'CURRENT' } }).resolves({ Item: badgeClass });
  ddb.on(GetCommand, { Key: { pk: 'PROVIDER#central-library', sk: 'PROFILE' } }).resolves({ Item: provider });
  ddb.on(UpdateCommand).resolves({ Attributes: { nextIndex: 7 } });
  s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => new Uint8Array(Buffer.from(svg)) } } as never);
});

describe('issuing an award under faults', () => {
  it('writes no award record when the baked image cannot be stored', async () => {
    s3.on(PutObjectCommand).rejects(new Error('S3 is down'));
    await expect(issueAward(badgeClass.id, request, principal, new Date())).rejects.toThrow('S3 is down');
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('stores the image before the record, and a retry after a failed record write completes the award', async () => {
    s3.on(PutObjectCommand).resolves({});
    ddb.on(PutCommand).rejectsOnce(new Error('ProvisionedThroughputExceededException')).resolves({});
    await expect(issueAward(badgeClass.id, request, principal, new Date())).rejects.toThrow('ProvisionedThroughputExceeded');
    // The failed attempt's image exists, but no record refers to it: its URLs answer 404.
    const firstImageKey = s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Key!;
    expect(firstImageKey).toMatch(/^badges\/[a-z2-7]{26}\.svg$/);

    const award = await issueAward(badgeClass.id, request, principal, new Date());
    const records = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(records).toHaveLength(2);
    expect(records[1]!.Item).toMatchObject({ pk: `AWARD#${award.id}`, image: { key: `badges/${award.id}.svg` } });
    expect(records[1]!.ConditionExpression).toBe('attribute_not_exists(pk)');
    // Image first, record last, on every attempt.
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([firstImageKey, `badges/${award.id}.svg`]);
    expect(JSON.stringify(records[1]!.Item)).not.toContain('ana@example.org');
  });

  it("stores a learner's name only sealed to the award, and the provider can read it back", async () => {
    s3.on(PutObjectCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const award = await issueAward(badgeClass.id, { ...request, recipient: { email: 'ana@example.org', name: 'Ana Souza' } }, principal, new Date());
    const stored = ddb.commandCalls(PutCommand)[0]!.args[0].input.Item as Award;
    expect(JSON.stringify(stored)).not.toContain('Ana Souza');
    const key = await recipientNameKey();
    expect(recipientName(stored, key)).toBe('Ana Souza');
    expect(() => recipientName({ ...stored, id: 'another-award' }, key)).toThrow();
    expect(award.sealedRecipientName).toBe(stored.sealedRecipientName);
  });
});

describe('batch rows', () => {
  it('name the field of an invalid row exactly, a row that is no object included', async () => {
    // Found while fuzzing: a row that was not an object was reported as field "recipients[0]." (trailing dot).
    const results = await issueBatch(badgeClass.id, [42, { recipient: { email: 'nope' } }], principal, new Date());
    expect(results.map((r) => (r.status === 'invalid' ? r.errors.map((e) => e.field) : r.status))).toEqual([['recipients[0]'], ['recipients[1].recipient.email']]);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('refuse a row larger than one award may be, instead of failing it as retryable', async () => {
    // Found while fuzzing the local city: a 366 KB row (20 evidence narratives of 5,000 CJK characters)
    // was baked and its image stored, then DynamoDB refused the 400 KB+ item: "failed, retry this row".
    const huge = '漢'.repeat(5000);
    const row = { recipient: { email: 'big@example.org' }, evidence: Array.from({ length: 20 }, () => ({ narrative: huge })) };
    const [result] = await issueBatch(badgeClass.id, [row], principal, new Date());
    expect(result).toEqual({ index: 0, status: 'invalid', errors: [{ in: 'body', field: 'recipients[0]', detail: 'is larger than 65536 bytes, the limit of one award' }] });
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });
});
