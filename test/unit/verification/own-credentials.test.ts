// Open Badges 3.0 credentials signed here (signCredential, a local Ed25519 key, its controller
// document) with a revocation list built by status-list.ts: they verify, and stop verifying once
// revoked, tampered with, or when their status cannot be established.
import { beforeEach, describe, expect, it } from 'vitest';
import { bake } from '../../../functions/domain/baking';
import { buildControllerDocument, verificationMethodId } from '../../../functions/domain/credentials/controller-document';
import { createDocumentLoader } from '../../../functions/domain/credentials/document-loader';
import { buildOpenBadgeCredential } from '../../../functions/domain/credentials/open-badge-credential';
import { signCredential } from '../../../functions/domain/credentials/sign';
import { localEd25519Signer, localPublicKeyMultibase } from '../../../functions/domain/credentials/signer';
import { buildStatusListCredential, createStatusList, encodeList, setStatus } from '../../../functions/domain/credentials/status-list';
import { verifyBadge } from '../../../functions/domain/verification';
import { awardInput, controllerDocument, EMAIL, ISSUER_ID, signer } from '../credentials/support';
import { fixtureBytes, Web } from './web';

const STATUS_LIST_URL = awardInput().status.statusListCredential;
const STATUS_INDEX = awardInput().status.statusListIndex;
// Signing reads only contexts: the bundled ones.
const loader = createDocumentLoader();

async function signedStatusList(revoked: number[] = [], issuer = ISSUER_ID, by = signer) {
  const list = createStatusList();
  for (const index of revoked) setStatus(list, index, true);
  const credential = buildStatusListCredential({ id: STATUS_LIST_URL, issuer, validFrom: '2025-01-01T00:00:00Z', encodedList: encodeList(list) });
  return signCredential(credential, by, loader);
}

// A second issuer with a key of its own.
const STRANGER_ID = 'https://stranger.example/issuer';
const STRANGER_SEED = Uint8Array.from({ length: 32 }, (_, i) => 100 + i);
const strangerDocument = buildControllerDocument(STRANGER_ID, localPublicKeyMultibase(STRANGER_SEED));
const strangerSigner = localEd25519Signer(STRANGER_SEED, strangerDocument.verificationMethod[0]!.id);

const signedAward = async () => signCredential(buildOpenBadgeCredential(awardInput()), signer, loader);

let web: Web;
beforeEach(async () => {
  web = new Web().serve(ISSUER_ID, controllerDocument).serve(STRANGER_ID, strangerDocument).serve(STATUS_LIST_URL, await signedStatusList());
});

const failing = (result: Awaited<ReturnType<typeof verifyBadge>>) => result.reports.flatMap((r) => r.checks.filter((c) => !c.passed));

describe('our own OB 3.0 credentials', () => {
  it('verify: proof, issuer key, dates, and a clear bit in the verified status list', async () => {
    const result = await verifyBadge({ credential: await signedAward() }, web.deps());
    expect(failing(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.reports[0]).toMatchObject({
      format: 'ob3-credential',
      badge: { name: 'Coding Club', issuer: { id: ISSUER_ID, name: 'Unit City of Learning' }, issuedOn: '2025-03-01T09:30:00Z' },
    });
    expect(result.reports[0]!.checks.find((c) => c.check === 'status')).toEqual({ check: 'status', passed: true, detail: `not revoked (entry ${STATUS_INDEX} of ${STATUS_LIST_URL} is clear)` });
  });

  it('fail once revoked: their bit set in the list', async () => {
    web.serve(STATUS_LIST_URL, await signedStatusList([STATUS_INDEX]));
    const result = await verifyBadge({ credential: await signedAward() }, web.deps());
    expect(result.verified).toBe(false);
    expect(failing(result)).toEqual([{ check: 'status', passed: false, detail: `revoked: entry ${STATUS_INDEX} of ${STATUS_LIST_URL} is set` }]);
  });

  it('fail when a field or a byte of the proof is changed', async () => {
    const renamed = { ...(await signedAward()) };
    renamed.credentialSubject = { ...renamed.credentialSubject, achievement: { ...renamed.credentialSubject.achievement, name: 'Coding Club Gold' } };
    expect(failing(await verifyBadge({ credential: renamed }, web.deps()))).toEqual([{ check: 'signature', passed: false, detail: 'Invalid signature.' }]);

    const signed = await signedAward();
    const value = signed.proof[0]!.proofValue;
    const flipped = { ...signed, proof: [{ ...signed.proof[0]!, proofValue: value.slice(0, 20) + (value[20] === 'A' ? 'B' : 'A') + value.slice(21) }] };
    expect(failing(await verifyBadge({ credential: flipped }, web.deps()))).toEqual([expect.objectContaining({ check: 'signature', passed: false })]);
  });

  it('fail when the status list cannot be trusted: bit changed after signing, another issuer, unreachable', async () => {
    const tampered = await signedStatusList();
    const list = createStatusList();
    setStatus(list, 1, true);
    tampered.credentialSubject = { ...tampered.credentialSubject, encodedList: encodeList(list) };
    web.serve(STATUS_LIST_URL, tampered);
    expect(failing(await verifyBadge({ credential: await signedAward() }, web.deps()))).toEqual([
      { check: 'status', passed: false, detail: `status unknown: the status list ${STATUS_LIST_URL} does not verify: Invalid signature.` },
    ]);

    web.serve(STATUS_LIST_URL, await signedStatusList([], STRANGER_ID, strangerSigner));
    expect(failing(await verifyBadge({ credential: await signedAward() }, web.deps()))).toEqual([
      { check: 'status', passed: false, detail: `status unknown: the status list ${STATUS_LIST_URL} is issued by ${STRANGER_ID}, not by the credential's issuer` },
    ]);

    web.answer(STATUS_LIST_URL, 503);
    expect(failing(await verifyBadge({ credential: await signedAward() }, web.deps()))).toEqual([
      { check: 'status', passed: false, detail: `status unknown: ${STATUS_LIST_URL} answered HTTP 503` },
    ]);
  });

  it("fail when signed by anyone else's key, even next to a copy of the issuer's proof", async () => {
    const unsigned = buildOpenBadgeCredential(awardInput({ achievement: { ...awardInput().achievement, name: 'Forged Badge' } }));
    const forged = await signCredential(unsigned, strangerSigner, loader);
    expect(failing(await verifyBadge({ credential: forged }, web.deps()))).toContainEqual(expect.objectContaining({ check: 'issuer', passed: false }));

    const withCopiedProof = { ...forged, proof: [...forged.proof, ...(await signedAward()).proof] };
    const result = await verifyBadge({ credential: withCopiedProof }, web.deps());
    expect(result.verified).toBe(false);
    expect(failing(result)).toEqual([{ check: 'signature', passed: false, detail: 'Invalid signature.' }]);
  });

  it('fail when a key document elsewhere claims the issuer as its controller, unlisted by the issuer', async () => {
    const keyId = 'https://stranger.example/keys#k1';
    const method = { ...strangerDocument.verificationMethod[0]!, id: keyId, controller: ISSUER_ID };
    web.serve('https://stranger.example/keys', { '@context': strangerDocument['@context'], id: 'https://stranger.example/keys', verificationMethod: [method] });
    const claimed = await signCredential(buildOpenBadgeCredential(awardInput()), { ...strangerSigner, id: keyId }, loader);
    const result = await verifyBadge({ credential: claimed }, web.deps());
        expect(failing(result)).toEqual([
      { check: 'signature', passed: false, detail: `Verification method "${keyId}" not authorized by controller for proof purpose "assertionMethod".` },
      { check: 'issuer', passed: false, detail: `no proof's key is one the issuer ${ISSUER_ID} lists as its own` },
    ]);
  });

  it('check the recipient against the hashed email, never writing the email into the report', async () => {
    const credential = await signedAward();
    const right = await verifyBadge({ credential, email: ` ${EMAIL.toUpperCase()} ` }, web.deps());
    expect(right.reports[0]!.checks).toContainEqual({ check: 'recipient', passed: true, detail: 'the email given is the recipient' });
    expect(right.verified).toBe(true);

    const wrongEmail = 'someone.else@example.org';
    const wrong = await verifyBadge({ credential, email: wrongEmail }, web.deps());
    expect(wrong.verified).toBe(false);
    expect(failing(wrong)).toEqual([{ check: 'recipient', passed: false, detail: 'the email given is not the recipient' }]);
    for (const result of [right, wrong]) {
      const text = JSON.stringify(result).toLowerCase();
      expect(text).not.toContain(EMAIL.toLowerCase());
      expect(text).not.toContain(wrongEmail);
    }
  });

  it('verify from their URL, as JSON text, and baked into an image together with an OB 2.0 badge', async () => {
    const credential = await signedAward();
    web.serve(credential.id, credential);
    expect((await verifyBadge({ url: credential.id }, web.deps())).verified).toBe(true);
    expect((await verifyBadge({ credential: JSON.stringify(credential) }, web.deps())).verified).toBe(true);

    const assertion = JSON.parse(fixtureBytes('ob20/basic-assertion.json').toString('utf8'));
    const image = bake({ type: 'png', data: fixtureBytes('bakery-ob20/public_domain_heart.png') }, { openbadgecredential: JSON.stringify(credential), openbadges: assertion.id });
    web.serve(assertion.id, assertion).serve('https://example.org/robotics-badge.json', JSON.parse(fixtureBytes('ob20/assets/robotics-badge.json').toString('utf8')));
    web.serve('https://example.org/organization.json', JSON.parse(fixtureBytes('ob20/assets/organization.json').toString('utf8')));
    const result = await verifyBadge({ image }, web.deps());
    expect(result.reports.map((r) => [r.format, r.verified])).toEqual([
      ['ob3-credential', true],
      ['ob2-hosted', true],
    ]);
    expect(result.verified).toBe(true);
  });

  it('verify with a did:key issuer without fetching anything', async () => {
    const seed = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
    const key = localPublicKeyMultibase(seed);
    const did = `did:key:${key}`;
    const { credentialStatus: _status, ...unsigned } = buildOpenBadgeCredential(awardInput());
    const credential = { ...unsigned, issuer: { ...unsigned.issuer, id: did } };
    const didSigner = localEd25519Signer(seed, verificationMethodId(did, key));
    const signed = await signCredential(credential, didSigner, loader);
    const empty = new Web();
    const result = await verifyBadge({ credential: signed }, empty.deps());
    expect(failing(result)).toEqual([]);
    expect(empty.requested).toEqual([]);
  });
});
