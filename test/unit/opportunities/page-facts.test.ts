// An opportunity's page reads the opportunity alone once its container has shown the same provider,
// spine and badge classes (functions/services/page-facts.ts), and a write checks what it points at in the
// table, never in what the pages keep.
await vi.hoisted(async () => (await import('../../support/function-env')).runAs('everything'));
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCityConfig } from '../../../definitions/city-config';
import { archiveBadgeClass, createBadgeClass } from '../../../functions/badge-classes/service';
import { createProvider } from '../../../functions/data/providers';
import type { Principal } from '../../../functions/domain/api-keys';
import { NewOpportunitySchema, type Opportunity } from '../../../functions/domain/opportunities';
import { handler } from '../../../functions/opportunities/handler';
import { changeOpportunity, createOpportunity } from '../../../functions/opportunities/service';
import { syncSpine } from '../../../functions/spine/service';
import { context, httpEvent } from '../../support/events';
import { FakeAws } from '../../support/fake-aws';
import { opportunityBody } from '../../support/opportunity-body';

const aws = new FakeAws();
const library: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:manage', 'opportunities:manage'], keyPrefix: 'lib' };
let opportunity: Opportunity;
let badgeClassId: string;

const page = () => handler(httpEvent({ path: `/opportunities/${opportunity.id}`, headers: { accept: 'text/html' } }), context);
const reads = () => aws.ddb.commandCalls(GetCommand).length + aws.ddb.commandCalls(QueryCommand).length;

beforeAll(async () => {
  const config = parseCityConfig(JSON.parse(readFileSync(join(import.meta.dirname, '../../../cities/demo.json'), 'utf8')), 'demo');
  await syncSpine(config.skillsSpine);
  await createProvider({ id: 'central-library', name: 'Central Library', url: 'https://x.example.org', email: 'a@x.example.org' }, new Date());
  badgeClassId = (await createBadgeClass({ name: 'Coder', description: 'x', criteria: { narrative: 'y' }, alignments: [], tags: [] }, library, new Date())).id;
  opportunity = await createOpportunity(NewOpportunitySchema.parse(opportunityBody({ title: 'Code Club', badgeClassIds: [badgeClassId] })), library, new Date());
});

describe("an opportunity's page", () => {
  it('reads its provider, the spine and its badge classes once, then the opportunity alone', async () => {
    const first = await page();
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Central Library');
    expect(first.body).toContain('Coder');
    const before = reads();
    const again = await page();
    expect(again.body).toBe(first.body);
    expect(reads() - before).toBe(1);
  });

  it('does not let a write trust what the page keeps: an archived class is refused at once', async () => {
    await page();
    await archiveBadgeClass(badgeClassId, library, new Date());
    await expect(changeOpportunity(opportunity.id, { badgeClassIds: [badgeClassId] }, library, new Date())).rejects.toMatchObject({ kind: 'invalid' });
  });
});
