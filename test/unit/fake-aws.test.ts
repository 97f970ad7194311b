// The in-memory table behind the hostile-input tests: its expressions behave as DynamoDB's do for the
// ones this code writes, and its write check sees writes (and only net changes).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db } from '../../functions/data/client';
import { evaluate, FakeAws } from '../support/fake-aws';

describe('the fake table', () => {
  const aws = new FakeAws();

  it('evaluates condition and key expressions', () => {
    const item = { pk: 'A', sk: 'REVOKED#1', version: 2, lastUsedAt: '2026-01-01' };
    expect(evaluate('attribute_exists(pk) AND attribute_not_exists(revokedAt)', item, undefined, undefined)).toBe(true);
    expect(evaluate('attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :stale)', item, undefined, { ':stale': '2025-12-31' })).toBe(false);
    expect(evaluate('#v = :previous', item, { '#v': 'version' }, { ':previous': 2 })).toBe(true);
    expect(evaluate('pk = :pk AND begins_with(sk, :p)', item, undefined, { ':pk': 'A', ':p': 'REVOKED#' })).toBe(true);
    expect(evaluate('NOT attribute_exists(pk)', undefined, undefined, undefined)).toBe(true);
  });

  it('applies conditional puts, updates and deletes, and queries by key and index', async () => {
    await db.send(new PutCommand({ TableName: 't', Item: { pk: 'P', sk: '1', gsi1pk: 'G', gsi1sk: 'b' }, ConditionExpression: 'attribute_not_exists(pk)' }));
    await expect(db.send(new PutCommand({ TableName: 't', Item: { pk: 'P', sk: '1' }, ConditionExpression: 'attribute_not_exists(pk)' }))).rejects.toBeInstanceOf(
      ConditionalCheckFailedException,
    );
    const { Attributes } = await db.send(new UpdateCommand({ TableName: 't', Key: { pk: 'P', sk: '1' }, UpdateExpression: 'ADD n :one SET #f = :v', ExpressionAttributeNames: { '#f': 'f' }, ExpressionAttributeValues: { ':one': 1, ':v': 'x' }, ReturnValues: 'ALL_NEW' }));
    expect(Attributes).toMatchObject({ n: 1, f: 'x' });
    await db.send(new PutCommand({ TableName: 't', Item: { pk: 'P', sk: '2', gsi1pk: 'G', gsi1sk: 'a' } }));
    const byIndex = await db.send(new QueryCommand({ TableName: 't', IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :g', ExpressionAttributeValues: { ':g': 'G' }, Limit: 1 }));
    expect(byIndex.Items?.map((i) => i.sk)).toEqual(['2']);
    expect(byIndex.LastEvaluatedKey).toBeDefined();
  });

  it('reports net changes since a mark, ignoring API keys being marked as used', async () => {
    const mark = aws.mark();
    await db.send(new PutCommand({ TableName: 't', Item: { pk: 'TEMP', sk: 'X' } }));
    await db.send(new DeleteCommand({ TableName: 't', Key: { pk: 'TEMP', sk: 'X' } }));
    await db.send(new UpdateCommand({ TableName: 't', Key: { pk: 'P', sk: '1' }, UpdateExpression: 'SET lastUsedAt = :now', ExpressionAttributeValues: { ':now': 'now' } }));
    expect(aws.changedSince(mark)).toBe('');
    await db.send(new PutCommand({ TableName: 't', Item: { pk: 'KEPT', sk: 'X', nested: { a: { b: 1 } } } }));
    expect(aws.changedSince(mark)).toMatch(/^KEPT X: undefined → /);
    const later = aws.mark();
    await db.send(new PutCommand({ TableName: 't', Item: { pk: 'KEPT', sk: 'X', nested: { a: { b: 2 } } } }));
    expect(aws.changedSince(later)).toContain('"b":2');
  });
});
