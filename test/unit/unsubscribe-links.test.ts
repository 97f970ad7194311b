import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readUnsubscribe, signUnsubscribe } from '../../functions/domain/mail/links';

const key = randomBytes(32);
const target = { recipientKey: 'rk_0123456789abcdef', providerId: 'central-library' };

describe('unsubscribe links', () => {
  it('read back as what was signed, under the key that signed them only', () => {
    const token = signUnsubscribe(key, target);
    expect(readUnsubscribe(key, token)).toEqual(target);
    expect(readUnsubscribe(randomBytes(32), token)).toBeUndefined();
  });

  it('are the exact string given out: no other last character passes, even one that decodes the same', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let n = 0; n < 16; n++) {
      const token = signUnsubscribe(key, { ...target, providerId: `provider-${n}` });
      for (const c of alphabet.replace(token.at(-1)!, '')) expect(readUnsubscribe(key, token.slice(0, -1) + c)).toBeUndefined();
    }
  });
});
