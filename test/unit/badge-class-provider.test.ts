// Which provider a new badge class belongs to: a provider's key creates only its own; a city admin names one.
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/domain/api-keys';
import { badgeClassProvider } from '../../functions/domain/badge-classes';
import { DomainError } from '../../functions/domain/errors';

const provider: Principal = { role: 'provider', providerId: 'central-library', scopes: ['badges:manage'], keyPrefix: 'p' };
const admin: Principal = { role: 'city-admin', scopes: [], keyPrefix: 'a' };
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? { kind: error.kind, fields: error.fields.map((f) => `${f.in}.${f.field}`) } : error;
  }
  throw new Error('not refused');
};

describe('badgeClassProvider', () => {
  it("is the provider's own, named or not", () => {
    expect(badgeClassProvider(provider, {})).toBe('central-library');
    expect(badgeClassProvider(provider, { issuerId: 'central-library' })).toBe('central-library');
  });

  it("refuses a provider naming another provider, and a city admin naming none, by the body's issuerId", () => {
    expect(refusal(() => badgeClassProvider(provider, { issuerId: 'youth-club' }))).toEqual({ kind: 'invalid', fields: ['body.issuerId'] });
    expect(refusal(() => badgeClassProvider(admin, {}))).toEqual({ kind: 'invalid', fields: ['body.issuerId'] });
  });

  it('is the one a city admin names', () => {
    expect(badgeClassProvider(admin, { issuerId: 'youth-club' })).toBe('youth-club');
  });
});
