// The city table's key schema, shared by the CDK construct that creates it in AWS and the local city
// that creates it in DynamoDB Local. Access patterns: docs/data-model.md.

export const TABLE_NAME_ENV = 'TABLE_NAME';

/** The one key the readiness check reads (GET /health?deep=true); no item need be stored there. */
export const READINESS_PROBE_KEY = { pk: 'READINESS', sk: 'PROBE' } as const;

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Generic overloaded GSIs: each entity decides what its gsiNpk/gsiNsk hold. */
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
  /** Epoch seconds; DynamoDB deletes items some time after (idempotency records, short-lived jobs). */
  timeToLiveAttribute: 'expiresAt',
  /** The city's event stream (definitions/consumers.ts): each change with the item before and after it. */
  streamViewType: 'NEW_AND_OLD_IMAGES',
} as const;
