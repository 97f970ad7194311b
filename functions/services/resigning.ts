// Re-signing what a compromised signing key signed (docs/operations.md, "Signing key suspected
// compromised"). Once the key is marked compromised, no issuer profile publishes it and nothing it
// signed verifies: forgeries made with it fail, and so would the city's genuine badges. Each genuine
// award whose proof names a key the profiles no longer publish is signed again with the active key
// (same id, content and status-list index: a new proof only) and its image baked again with the new
// credential, under a new key. Driven by the operator's script (scripts/signing-resign.ts) one page of
// a table Scan at a time, so a run is bounded and resumes where the last stopped; running it again
// changes nothing already re-signed. A failure between the image and the award's update leaves an
// unreferenced image object, as a failed award does, and the award as it was, for the next run.
import type { Award } from '../domain/awards';
import { bake } from '../domain/baking';
import { IMAGE_CONTENT_TYPES } from '../domain/image-types';
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { signCredential } from '../domain/credentials/sign';
import { randomId } from '../domain/ids';
import { replaceAwardProof, scanAwards } from '../data/awards';
import { citySigner, publishedPublicKeys } from '../signing/city-key';
import { getImage, imageKeys, putImage } from '../storage/images';

const loader = createDocumentLoader();

/** The public keys (the fragment of each proof's verification method) a credential's proofs name. */
export function signingKeysOf(credential: Record<string, unknown>): string[] {
  const proofs = Array.isArray(credential.proof) ? credential.proof : credential.proof === undefined ? [] : [credential.proof];
  return proofs.flatMap((proof) => {
    const method = (proof as { verificationMethod?: unknown } | null)?.verificationMethod;
    return typeof method === 'string' && method.includes('#') ? [method.slice(method.indexOf('#') + 1)] : [];
  });
}

/** `current`: signed by a published key, left alone; `resigned`: signed again now; `changed`: re-signed by someone else meanwhile. */
export type ResignOutcome = 'current' | 'resigned' | 'changed';

export async function resignAward(award: Award, published: ReadonlySet<string>): Promise<ResignOutcome> {
  if (signingKeysOf(award.credential).some((key) => published.has(key))) return 'current';
  const { proof: _proof, ...unsigned } = award.credential;
  const issuer = unsigned.issuer as { id?: unknown } | string;
  const signed = await signCredential(unsigned, await citySigner(String(typeof issuer === 'string' ? issuer : issuer.id)), loader);
  const baked = bake({ type: award.image.type, data: await getImage(award.image.key) }, { openbadgecredential: JSON.stringify(signed) });
  const image = { key: imageKeys.award(`${award.id}.${randomId(8)}`, award.image.type), type: award.image.type };
  await putImage(image.key, baked, IMAGE_CONTENT_TYPES[image.type]);
  return (await replaceAwardProof(award.id, { credential: signed as Award['credential'], image }, award.image)) ? 'resigned' : 'changed';
}

export interface ResignPage {
  /** Table items read in this page (what bounds a run), and the awards among them. */
  scanned: number;
  awards: number;
  resigned: number;
  /** Where the next page starts; absent after the last. */
  next?: Record<string, unknown>;
}

/** One page of the table (`limit` items read): every award in it whose key is no longer published, re-signed, one at a time. */
export async function resignPage(limit: number, start: Record<string, unknown> | undefined): Promise<ResignPage> {
  const published = new Set(await publishedPublicKeys());
  const page = await scanAwards(limit, start);
  let resigned = 0;
  for (const award of page.awards) if ((await resignAward(award, published)) === 'resigned') resigned += 1;
  return { scanned: page.scanned, awards: page.awards.length, resigned, ...(page.next ? { next: page.next } : {}) };
}
