await vi.hoisted(async () => (await import('../support/function-env')).runAs('badges'));
// An award's public URL as OB 2.0 hosted verification and people read it: 200 while valid; once
// revoked, 410 Gone with {id, revoked, revocationReason} for machines and a page saying so for people;
// an expired badge's page says since when. Every page leaves with the security headers.
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PAGE_SECURITY_HEADERS } from '../../definitions/security-headers';
import { handler } from '../../functions/badges/handler';
import { badgeClassKeys } from '../../functions/data/badge-classes';
import type { Award } from '../../functions/domain/awards';
import { context, httpEvent, parseBody } from '../support/events';

const ddb = mockClient(DynamoDBDocumentClient);
const ID = 'abcdefghijklmnopqrstuvwxyz';
const assertion = { '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: `https://unit.example/badges/${ID}`, issuedOn: '2026-01-02T00:00:00Z' };
const award = (changes: Partial<Award> = {}): Award => ({
  id: ID,
  badgeClassId: 'aaaaaaaaaaaaaaaa',
  badgeClassVersion: 1,
  issuerId: 'central-library',
  issuedOn: '2026-01-02T00:00:00Z',
  statusListIndex: 7,
  image: { key: `badges/${ID}.svg`, type: 'svg' },
  assertion,
  credential: {
    issuer: { id: 'https://unit.example/issuers/central-library/profile', name: 'Central Library' },
    credentialSubject: { achievement: { name: 'Code Club', description: 'Came to code club.', criteria: { narrative: 'Four sessions.' } } },
  },
  createdAt: '2026-01-02T00:00:00Z',
  ...changes,
});

const get = (accept: string) => handler(httpEvent({ path: `/badges/${ID}`, headers: { accept } }), context);
const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

beforeEach(() => {
  ddb.reset();
  // "What next" reads the badge class version and the directory: here there is none of either.
  ddb.on(GetCommand, { Key: badgeClassKeys.version('aaaaaaaaaaaaaaaa', 1) }).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
});

describe('GET /badges/{awardId}', () => {
  it('serves a valid badge: the assertion as JSON-LD (200) and the page, with the security headers', async () => {
    ddb.on(GetCommand).resolves({ Item: award() });
    const json = await get('application/ld+json');
    expect(json.statusCode).toBe(200);
    expect(parseBody(json)).toEqual(assertion);
    const page = await get(HTML);
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', vary: 'Accept', ...PAGE_SECURITY_HEADERS });
    expect(page.body).toContain('Add to LinkedIn profile');
  });

  it('answers a revoked badge 410 Gone: the OB 2.0 revocation document for machines, a page saying so for people', async () => {
    ddb.on(GetCommand).resolves({ Item: award({ revoked: { at: '2026-02-01T00:00:00Z', reason: 'Awarded in error' } }) });
    const json = await get('application/ld+json');
    expect(json.statusCode).toBe(410);
    expect(json.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(parseBody(json)).toEqual({ '@context': 'https://w3id.org/openbadges/v2', id: assertion.id, revoked: true, revocationReason: 'Awarded in error' });
    // curl and validators send */* or nothing: they get the revocation document too.
    expect((await get('*/*')).statusCode).toBe(410);
    const page = await get(HTML);
    expect(page.statusCode).toBe(410);
    expect(page.headers).toMatchObject(PAGE_SECURITY_HEADERS);
    expect(page.body).toContain('<strong>Revoked:</strong>');
    expect(page.body).toContain('Reason given: <bdi>Awarded in error</bdi>');
    expect(page.body).not.toContain('LinkedIn');
  });

  it('shows an expired badge as expired, since when, without offering it to LinkedIn', async () => {
    ddb.on(GetCommand).resolves({ Item: award({ expires: '2026-03-31T00:00:00Z' }) });
    const page = await get(HTML);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>Expired on <time datetime="2026-03-31T00:00:00.000Z">31 March 2026</time>:</strong>');
    expect(page.body).toContain('<dt>Expired on</dt>');
    expect(page.body).not.toContain('LinkedIn');
  });

  it('still shows the badge when the directory cannot be read: "what next" is left empty, the failure logged', async () => {
    ddb.on(GetCommand).resolves({ Item: award() });
    ddb.on(GetCommand, { Key: badgeClassKeys.version('aaaaaaaaaaaaaaaa', 1) }).resolves({});
    ddb.on(QueryCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    const page = await get(HTML);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Code Club');
    expect(page.body).toContain('id="what-next"');
    // Machines never depended on the directory.
    expect((await get('application/ld+json')).statusCode).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body, for the page and for machines', async () => {
    ddb.on(GetCommand).resolves({ Item: award() });
    for (const accept of [HTML, 'application/ld+json']) {
      const full = await get(accept);
      const head = await handler(httpEvent({ method: 'HEAD', path: `/badges/${ID}`, headers: { accept } }), context);
      expect(head.statusCode).toBe(full.statusCode);
      const { 'x-request-id': _a, ...headHeaders } = head.headers;
      const { 'x-request-id': _b, ...fullHeaders } = full.headers;
      expect(headHeaders).toEqual(fullHeaders);
      expect(head.body).toBe('');
    }
  });

  it('answers 404 problem+json for an award that does not exist', async () => {
    ddb.on(GetCommand).resolves({});
    const reply = await get(HTML);
    expect(reply.statusCode).toBe(404);
    expect(reply.headers['content-type']).toBe('application/problem+json');
  });
});
