// Provider items: pk PROVIDER#<id>, sk PROFILE; listed on gsi1 (PROVIDERS, by id).
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError, notFound } from '../domain/errors';
import { ProviderSchema, type NewProvider, type Provider, type ProviderUpdate } from '../domain/providers';
import { db, indexKey, cityTable } from './client';

/** Every key a provider is stored or listed under. */
export const providerKeys = {
  profile: (id: string) => ({ pk: `PROVIDER#${id}`, sk: 'PROFILE' }),
  /** Every provider of the city, by id (written for the admin list to come). */
  all: indexKey('gsi1', () => 'PROVIDERS', (provider: Pick<Provider, 'id'>) => provider.id),
};

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

export async function createProvider(input: NewProvider, now: Date): Promise<Provider> {
  const provider: Provider = { ...input, createdAt: now.toISOString(), updatedAt: now.toISOString() };
  try {
    await db.send(
      new PutCommand({
        TableName: cityTable.name,
        Item: { ...providerKeys.profile(input.id), ...providerKeys.all.attributes(provider), ...provider },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new DomainError('conflict', `A provider with id "${input.id}" already exists`);
    throw error;
  }
  return provider;
}

export async function getProvider(id: string): Promise<Provider | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: cityTable.name, Key: providerKeys.profile(id) }));
  return Item ? ProviderSchema.parse(Item) : undefined;
}

/** Sets the fields given; the provider must exist. */
export async function updateProvider(id: string, changes: ProviderUpdate, now: Date): Promise<Provider> {
  const fields = Object.entries({ ...changes, updatedAt: now.toISOString() }).filter(([, value]) => value !== undefined);
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: cityTable.name,
        Key: providerKeys.profile(id),
        UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(fields.map(([, value], i) => [`:v${i}`, value])),
        ConditionExpression: 'attribute_exists(pk)',
        ReturnValues: 'ALL_NEW',
      }),
    );
    return ProviderSchema.parse(Attributes);
  } catch (error) {
    if (isConditionFailure(error)) throw notFound(`Provider "${id}"`);
    throw error;
  }
}

/** The city's providers, by id (pattern 5): a page of them. */
export async function listProviders(limit: number): Promise<Provider[]> {
  const { Items } = await db.send(
    new QueryCommand({ TableName: cityTable.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'PROVIDERS' }, Limit: limit }),
  );
  return (Items ?? []).map((item) => ProviderSchema.parse(item));
}
