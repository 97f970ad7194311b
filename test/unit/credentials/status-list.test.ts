import { describe, expect, it } from 'vitest';
import { createStatusList, decodeList, encodeList, getStatus, setStatus, STATUS_LIST_BITS } from '../../../functions/domain/credentials/status-list';
import { sharedFile } from '../../support/shared-openbadges';

describe('bitstring status list', () => {
  it('sets and reads bits, index 0 being the first byte\'s most significant bit', () => {
    const list = createStatusList();
    expect(list.length * 8).toBe(STATUS_LIST_BITS);
    setStatus(list, 0, true);
    setStatus(list, 9, true);
    expect(list[0]).toBe(0x80);
    expect(list[1]).toBe(0x40);
    expect(getStatus(list, 9)).toBe(true);
    setStatus(list, 9, false);
    expect(getStatus(list, 9)).toBe(false);
    expect(() => setStatus(list, STATUS_LIST_BITS, true)).toThrow(RangeError);
  });

  it('round-trips through the multibase GZIP encoding, small for a sparse list', () => {
    const list = createStatusList();
    for (const i of [3, 4711, 131071]) setStatus(list, i, true);
    const encoded = encodeList(list);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded.length).toBeLessThan(400);
    expect(decodeList(encoded)).toEqual(list);
  });

  it("reads the 1EdTech validator's status list fixture", () => {
    const fixture = sharedFile('fixtures/ob30/bitstring-status-list/testlist.json') as { credentialSubject: { encodedList: string } };
    const list = decodeList(fixture.credentialSubject.encodedList);
    expect(list.length * 8).toBeGreaterThanOrEqual(STATUS_LIST_BITS);
  });
});
