// The rules verification is built from, one at a time: hosting scope, recipient hashes, dates, JWS
// algorithms and keys, and fetching.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkExpiry, checkIssued } from '../../../functions/domain/verification/dates';
import { FetchDocumentError, jsonFetcher } from '../../../functions/domain/verification/fetch';
import { decodeCompactJws, verifyJws } from '../../../functions/domain/verification/jws';
import { checkHostedOrigin } from '../../../functions/domain/verification/ob2-origin';
import { checkAssertionRecipient, checkSubjectRecipient } from '../../../functions/domain/verification/recipient';
import { Web } from './web';

describe('hosted origin', () => {
  const issuer = (verification?: object) => ({ id: 'https://issuer.example/profile', ...(verification ? { verification } : {}) });

  it("defaults to the issuer id's host", () => {
    expect(checkHostedOrigin('https://issuer.example/a/1', issuer()).passed).toBe(true);
    expect(checkHostedOrigin('https://other.example/a/1', issuer()).passed).toBe(false);
  });

  it('applies allowedOrigins and startsWith, each when declared', () => {
    expect(checkHostedOrigin('https://badges.example/1', issuer({ allowedOrigins: 'badges.example' })).passed).toBe(true);
    expect(checkHostedOrigin('https://issuer.example/1', issuer({ allowedOrigins: ['badges.example'] })).passed).toBe(false);
    expect(checkHostedOrigin('https://issuer.example/badges/1', issuer({ startsWith: 'https://issuer.example/badges/' })).passed).toBe(true);
    expect(checkHostedOrigin('https://issuer.example/other/1', issuer({ startsWith: 'https://issuer.example/badges/' })).passed).toBe(false);
  });

  it('does not let a prefix without a path match another host that starts the same', () => {
    expect(checkHostedOrigin('https://issuer.example.attacker.test/1', issuer({ startsWith: 'https://issuer.example' })).passed).toBe(false);
  });

  it('supports only id as the verification property', () => {
    expect(checkHostedOrigin('https://issuer.example/1', issuer({ verificationProperty: 'uid' }))).toMatchObject({ passed: false });
  });
});

describe('recipient', () => {
  const sha256 = (text: string) => `sha256$${createHash('sha256').update(text).digest('hex')}`;

  it('matches salted sha256 and md5 hashes, and plain identities, ignoring case and spaces', () => {
    expect(checkAssertionRecipient(' Ana@Example.org', { type: 'email', hashed: true, salt: 's', identity: sha256('ana@example.org' + 's') }).passed).toBe(true);
    const md5 = `md5$${createHash('md5').update('ana@example.orgs').digest('hex')}`;
    expect(checkAssertionRecipient('ana@example.org', { type: 'email', hashed: true, salt: 's', identity: md5 }).passed).toBe(true);
    expect(checkAssertionRecipient('ANA@example.org', { type: 'email', hashed: false, identity: 'ana@example.org' }).passed).toBe(true);
  });

  it('matches an issuer that hashed the address with its capitals', () => {
    expect(checkAssertionRecipient('Ana@Example.org', { type: 'email', hashed: true, identity: sha256('Ana@Example.org') }).passed).toBe(true);
  });

  it('fails other identity types and hash algorithms, and subjects without an email identifier', () => {
    expect(checkAssertionRecipient('ana@example.org', { type: 'url', hashed: false, identity: 'https://ana.example' }).passed).toBe(false);
    expect(checkAssertionRecipient('ana@example.org', { type: 'email', hashed: true, identity: 'sha1$abc' }).detail).toBe('the recipient identity is not a sha256$ or md5$ hash');
    expect(checkSubjectRecipient('ana@example.org', { id: 'did:example:ana' }).detail).toBe('the credential does not name its recipient by email');
  });
});

describe('dates', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('wants date-times with a time zone', () => {
    expect(checkIssued('issuedOn', '2025-01-01T00:00:00', now).passed).toBe(false);
    expect(checkIssued('issuedOn', '2025-01-01', now).passed).toBe(false);
    expect(checkIssued('issuedOn', '2025-01-01T00:00:00+01:00', now).passed).toBe(true);
    expect(checkExpiry('expires', 'soon', '2025-01-01T00:00:00Z', now).passed).toBe(false);
  });

  it('judges expiry at now', () => {
    expect(checkExpiry('validUntil', '2026-01-01T00:00:01Z', undefined, now).passed).toBe(true);
    expect(checkExpiry('validUntil', '2026-01-01T00:00:00Z', undefined, now).passed).toBe(false);
  });
});

describe('JWS', () => {
  const token = (header: object, key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) => {
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from('{}').toString('base64url')}`;
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
  };

  it('decodes only compact JWS with a JSON header', () => {
    expect(decodeCompactJws('a.b')).toBeUndefined();
    expect(decodeCompactJws(`${Buffer.from('not json').toString('base64url')}.e30.AA`)).toBeUndefined();
    expect(decodeCompactJws(token({ alg: 'RS256' }))?.header).toEqual({ alg: 'RS256' });
  });

  it('refuses critical header extensions and RSA keys under 2048 bits', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(verifyJws(decodeCompactJws(token({ alg: 'RS256' }, small.privateKey))!, small.publicKey).detail).toBe('RS256 needs an RSA key of at least 2048 bits, the key has 1024');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(verifyJws(decodeCompactJws(token({ alg: 'RS256', crit: ['b64'], b64: false }, rsa.privateKey))!, rsa.publicKey).verified).toBe(false);
    expect(verifyJws(decodeCompactJws(token({ alg: 'RS256' }, rsa.privateKey))!, rsa.publicKey).verified).toBe(true);
  });
});

describe('fetching', () => {
  it('fetches each document once, without its fragment, and only over http(s)', async () => {
    const web = new Web().serve('https://issuer.example/profile', { id: 'https://issuer.example/profile' });
    const fetchJson = jsonFetcher(web.fetchDocument);
    await fetchJson('https://issuer.example/profile#key-1');
    await fetchJson('https://issuer.example/profile');
    expect(web.requested).toEqual(['https://issuer.example/profile']);
    await expect(fetchJson('file:///etc/passwd')).rejects.toThrow('file:///etc/passwd is not an HTTP(S) URL');
    expect(web.requested).toHaveLength(1);
  });

  it('fetches at most 32 documents for one badge', async () => {
    const web = new Web();
    const fetchJson = jsonFetcher(web.fetchDocument);
    const urls = Array.from({ length: 40 }, (_, i) => `https://a.example/${i}`);
    await Promise.allSettled(urls.map((url) => fetchJson(url)));
    expect(web.requested).toHaveLength(32);
    await expect(fetchJson(urls[39]!)).rejects.toThrow('https://a.example/39 was not fetched: one badge may name at most 32 documents');
  });

  it('names the URL and keeps the status of what could not be fetched or read, and nothing else', async () => {
    const web = new Web().answer('https://a.example/gone', 410).serve('https://a.example/page', '<html></html>', 'text/html').serve('https://a.example/list', [1, 2]);
    const fetchJson = jsonFetcher(web.fetchDocument);
    await expect(fetchJson('https://a.example/gone')).rejects.toMatchObject({ status: 410, message: 'https://a.example/gone answered HTTP 410' });
    await expect(fetchJson('https://a.example/page')).rejects.toThrow('https://a.example/page did not answer JSON');
    await expect(fetchJson('https://a.example/list')).rejects.toThrow('https://a.example/list did not answer a JSON object');
    // Without a status, one reason whatever the fetcher said: never what made it fail.
    const failing = jsonFetcher(async () => Promise.reject(new FetchDocumentError('connect ECONNREFUSED 127.0.0.1:8000')));
    await expect(failing('https://a.example/slow')).rejects.toThrow(new FetchDocumentError('could not fetch https://a.example/slow'));
    await expect(jsonFetcher(async () => Promise.reject(new Error('timed out')))('https://a.example/slow')).rejects.toThrow('could not fetch https://a.example/slow');
  });
});
