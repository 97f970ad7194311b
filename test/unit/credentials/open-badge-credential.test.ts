import { describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from '../../../functions/domain/credentials/open-badge-credential';
import { hashRecipient } from '../../../functions/domain/credentials/recipient';
import { schemaErrors } from '../../support/ob3-schema';
import { awardInput, EMAIL, ISSUER_ID } from './support';

describe('buildOpenBadgeCredential', () => {
  const credential = buildOpenBadgeCredential(awardInput());

  it('builds an OB 3.0 AchievementCredential that the canonical 1EdTech schema accepts (before signing too)', () => {
    expect(schemaErrors(credential)).toEqual([]);
    expect(credential).toMatchObject({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
        'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
      ],
      id: 'https://unit.example/awards/01HZX5',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Coding Club',
      issuer: { id: ISSUER_ID, type: ['Profile'], name: 'Unit City of Learning', url: 'https://unit.example', email: 'badges@unit.example' },
      validFrom: '2025-03-01T09:30:00Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        // The learner's own words: AchievementSubject.narrative in the 1EdTech schema.
        narrative: 'I made a maze game with my brother and showed it at the library open day.',
        achievement: {
          id: 'https://unit.example/badges/coding-club',
          type: ['Achievement'],
          image: { id: 'https://unit.example/badges/coding-club/image.png', type: 'Image', caption: 'A laptop with a heart' },
          tag: ['digital', 'library'],
        },
      },
      evidence: [{ type: ['Evidence'], id: 'https://unit.example/awards/01HZX5/evidence/1', name: 'Project' }],
      credentialSchema: [
        { id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' },
      ],
      credentialStatus: {
        id: 'https://unit.example/status/revocation/1#4711',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '4711',
        statusListCredential: 'https://unit.example/status/revocation/1',
      },
    });
    expect(credential).not.toHaveProperty('validUntil');
  });

  it('aligns the achievement with each skill, as OB Alignment objects', () => {
    expect(credential.credentialSubject.achievement.alignment).toEqual([
      {
        type: ['Alignment'],
        targetName: 'Coding',
        targetUrl: 'https://unit.example/skills/coding',
        targetDescription: 'Writing programs.',
        targetFramework: 'Unit City Skills Spine',
        targetCode: 'coding',
      },
      { type: ['Alignment'], targetName: 'Teamwork', targetUrl: 'https://unit.example/skills/teamwork' },
    ]);
  });

  it('names the recipient only by the salted hash of their email: the email is nowhere in the credential', () => {
    expect(credential.credentialSubject.identifier).toEqual([
      { type: 'IdentityObject', identityHash: hashRecipient(EMAIL, 'c2FsdHNhbHQ'), identityType: 'emailAddress', hashed: true, salt: 'c2FsdHNhbHQ' },
    ]);
    const json = JSON.stringify(credential).toLowerCase();
    expect(json).not.toContain(EMAIL.toLowerCase());
    expect(json).not.toContain('ana.silva');
  });

  it('adds validUntil for an expiring badge and leaves out optional parts that are not given', () => {
    const minimal = buildOpenBadgeCredential({
      ...awardInput({ validUntil: '2026-03-01T09:30:00+01:00', evidence: undefined, narrative: undefined }),
      issuer: { id: ISSUER_ID, name: 'Unit City', url: 'https://unit.example' },
      achievement: { ...awardInput().achievement, alignment: [], tag: undefined, criteria: { id: undefined, narrative: 'Attend.' }, image: { id: 'https://unit.example/i.png' } },
    });
    expect(minimal.validUntil).toBe('2026-03-01T09:30:00+01:00');
    expect(minimal.issuer).toEqual({ id: ISSUER_ID, type: ['Profile'], name: 'Unit City', url: 'https://unit.example' });
    expect(minimal.credentialSubject.achievement).not.toHaveProperty('alignment');
    expect(minimal.credentialSubject.achievement).not.toHaveProperty('tag');
    expect(Object.keys(minimal.credentialSubject.achievement.criteria)).toEqual(['narrative']);
    expect(minimal.credentialSubject.achievement.image).toEqual({ id: 'https://unit.example/i.png', type: 'Image' });
    expect(minimal).not.toHaveProperty('evidence');
    expect(minimal.credentialSubject).not.toHaveProperty('narrative');
    expect(schemaErrors(minimal)).toEqual([]);
  });

  it.each([
    ['a date without timezone', { validFrom: '2025-03-01T09:30:00' }, 'validFrom'],
    ['validUntil before validFrom', { validUntil: '2025-02-01T00:00:00Z' }, 'validUntil'],
    ['a malformed email', { recipient: { email: 'not-an-email', salt: 'c2FsdHNhbHQ' } }, 'recipient.email'],
    ['a short salt', { recipient: { email: EMAIL, salt: 'x' } }, 'recipient.salt'],
    ['a negative status index', { status: { statusListCredential: 'https://unit.example/s', statusListIndex: -1 } }, 'status.statusListIndex'],
    ['an id that is not a URL', { id: 'award-1' }, 'id'],
    ['criteria with neither id nor narrative', { achievement: { ...awardInput().achievement, criteria: {} } }, 'achievement.criteria'],
  ])('rejects %s', (_name, overrides, path) => {
    expect(() => buildOpenBadgeCredential(awardInput(overrides as never))).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: path.split('.') })] }));
  });
});

describe('hashRecipient', () => {
  it('gives the OB 2.0 fixture identity for its email and salt', () => {
    expect(hashRecipient('nobody@example.org', 'deadsea')).toBe('sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942');
  });

  it('hashes the trimmed, lowercased email, so case and stray spaces do not change the identity', () => {
    expect(hashRecipient('  Nobody@Example.ORG ', 'deadsea')).toBe(hashRecipient('nobody@example.org', 'deadsea'));
    expect(hashRecipient('nobody@example.org', 'other-salt')).not.toBe(hashRecipient('nobody@example.org', 'deadsea'));
  });
});
