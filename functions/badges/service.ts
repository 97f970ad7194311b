// The badges group's service: an award as its public URLs show it, and its baked image.
import { getAward } from '../data/awards';
import type { Award } from '../domain/awards';
import { notFound } from '../domain/errors';
import { getImage } from '../storage/images';

/** The award behind a public badge URL (revoked and expired ones too: their pages say so). */
export async function publicAward(id: string): Promise<Award> {
  const found = await getAward(id);
  if (!found) throw notFound(`Badge ${id}`);
  return found;
}

/** The baked image, as it was issued. */
export const bakedImage = (award: Award): Promise<Buffer> => getImage(award.image.key);
