import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  buildStatusListCredential,
  createStatusList,
  decodeList,
  encodeList,
  getStatus,
  setStatus,
  STATUS_LIST_BITS,
  StatusListError,
} from '../../../functions/domain/credentials/status-list';
import { referenceFile } from '../../support/openbadges-reference';

const setBits = (list: Uint8Array) => [...list.keys()].flatMap((byte) => [0, 1, 2, 3, 4, 5, 6, 7].filter((bit) => list[byte]! & (0x80 >> bit)).map((bit) => byte * 8 + bit));

describe('bitstring status list', () => {
  it("sets and reads bits, index 0 being the first byte's most significant bit", () => {
    const list = createStatusList();
    expect(list.length * 8).toBe(STATUS_LIST_BITS);
    setStatus(list, 0, true);
    setStatus(list, 9, true);
    expect(list[0]).toBe(0x80);
    expect(list[1]).toBe(0x40);
    expect(getStatus(list, 9)).toBe(true);
    setStatus(list, 9, false);
    expect(getStatus(list, 9)).toBe(false);
    expect(getStatus(list, 0)).toBe(true);
  });

  it('refuses indices outside the list and lengths that are not whole bytes', () => {
    const list = createStatusList(16);
    expect(() => setStatus(list, 16, true)).toThrow(RangeError);
    expect(() => getStatus(list, -1)).toThrow(RangeError);
    expect(() => getStatus(list, 1.5)).toThrow(RangeError);
    expect(() => createStatusList(12)).toThrow(RangeError);
    expect(() => createStatusList(0)).toThrow(RangeError);
  });

  it('round-trips through the multibase GZIP encoding, small for a sparse list', () => {
    const list = createStatusList();
    for (const i of [3, 4711, 131071]) setStatus(list, i, true);
    const encoded = encodeList(list);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    expect(encoded.length).toBeLessThan(400);
    expect(decodeList(encoded)).toEqual(list);
    expect(setBits(decodeList(encoded))).toEqual([3, 4711, 131071]);
  });

  it("reads the 1EdTech validator's status list fixture: 16 KiB with only bit 23 set", () => {
    const fixture = referenceFile('fixtures/ob30/bitstring-status-list/testlist.json') as { credentialSubject: { encodedList: string } };
    const list = decodeList(fixture.credentialSubject.encodedList);
    expect(list.length * 8).toBe(STATUS_LIST_BITS);
    expect(setBits(list)).toEqual([23]);
    expect(getStatus(list, 23)).toBe(true);
    expect(getStatus(list, 22)).toBe(false);
  });

  it('refuses what is not a list: no multibase prefix, characters outside base64url, not GZIP', () => {
    const base64url = gzipSync(new Uint8Array(16)).toString('base64url');
    expect(() => decodeList(base64url)).toThrow(StatusListError);
    expect(() => decodeList(`z${base64url}`)).toThrow(StatusListError);
    expect(() => decodeList(`u${base64url}==`)).toThrow(StatusListError);
    expect(() => decodeList(`u${Buffer.from('not gzip').toString('base64url')}`)).toThrow(/not GZIP/);
    expect(() => decodeList('u')).toThrow(StatusListError);
  });

  it('refuses a GZIP bomb instead of inflating it', () => {
    // 20 MiB of zeros compresses to about 20 KiB.
    const bomb = `u${gzipSync(Buffer.alloc(20 * 1024 * 1024)).toString('base64url')}`;
    expect(bomb.length).toBeLessThan(50_000);
    expect(() => decodeList(bomb)).toThrow(/inflates to more than/);
  });

  it('builds an unsigned BitstringStatusListCredential on the VC 2.0 context', () => {
    const encodedList = encodeList(createStatusList());
    const input = { id: 'https://unit.example/status-lists/p1', issuer: 'https://unit.example/issuers/p1/profile', validFrom: '2025-03-01T00:00:00Z', encodedList };
    expect(buildStatusListCredential(input)).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: input.id,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: input.issuer,
      validFrom: input.validFrom,
      credentialSubject: { id: `${input.id}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
    });
    expect(buildStatusListCredential({ ...input, statusPurpose: 'suspension' }).credentialSubject.statusPurpose).toBe('suspension');
  });
});
