// Audit entries: every write through the API, by whom (role, provider, API key prefix), what (route,
// path, status) and when. Never request bodies: they can hold learners' personal data.
// pk AUDIT#<yyyy-mm>, sk <timestamp>#<requestId>; per provider on gsi1 (PROVIDER#<id>#AUDIT).
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AuditEntrySchema, type AuditEntry } from '../domain/audit';
import { cityTable, db } from './client';
import type { KeyPage } from './pages';

const month = (iso: string) => iso.slice(0, 7);

export async function putAuditEntry(entry: AuditEntry): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: cityTable.name,
      Item: {
        pk: `AUDIT#${month(entry.at)}`,
        sk: `${entry.at}#${entry.requestId}`,
        ...(entry.providerId ? { gsi1pk: `PROVIDER#${entry.providerId}#AUDIT`, gsi1sk: `${entry.at}#${entry.requestId}` } : {}),
        ...entry,
      },
    }),
  );
}

/** One page of a month's entries, newest first. */
export async function listAuditEntries(monthKey: string, limit: number, start: Record<string, unknown> | undefined): Promise<KeyPage<AuditEntry>> {
  const page = await db.send(
    new QueryCommand({
      TableName: cityTable.name,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${monthKey}` },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  return { items: (page.Items ?? []).map((item) => AuditEntrySchema.parse(item)), ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
}
