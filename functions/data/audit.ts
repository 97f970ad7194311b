// Audit entries: every write through the API, by whom (role, provider, API key prefix), what (route,
// path, status) and when. Never request bodies: they can hold learners' personal data.
// pk AUDIT#<yyyy-mm>, sk <timestamp>#<requestId>; per provider on gsi1 (PROVIDER#<id>#AUDIT).
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { AuditEntrySchema, type AuditEntry } from '../domain/audit';
import { db, indexKey, queryPage, cityTable, type KeyPage } from './client';

const entrySk = (entry: Pick<AuditEntry, 'at' | 'requestId'>) => `${entry.at}#${entry.requestId}`;

/** Every key an audit entry is stored or listed under. */
export const auditKeys = {
  /** One partition per month (`yyyy-mm`). */
  month: (month: string) => `AUDIT#${month}`,
  entry: (entry: Pick<AuditEntry, 'at' | 'requestId'>) => ({ pk: auditKeys.month(entry.at.slice(0, 7)), sk: entrySk(entry) }),
  /** A provider's entries (written for the per-provider view to come), by time. */
  byProvider: indexKey('gsi1', (providerId: string) => `PROVIDER#${providerId}#AUDIT`, entrySk),
};

export async function putAuditEntry(entry: AuditEntry): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: cityTable.name,
      Item: {
        ...auditKeys.entry(entry),
        ...(entry.providerId ? auditKeys.byProvider.attributes(entry, entry.providerId) : {}),
        ...entry,
      },
    }),
  );
}

/** One page of a month's entries, newest first. */
export const listAuditEntries = (month: string, limit: number, start: Record<string, unknown> | undefined): Promise<KeyPage<AuditEntry>> =>
  queryPage({ index: 'table', partition: auditKeys.month(month), order: 'descending', parse: (item) => AuditEntrySchema.parse(item), limit, start });
