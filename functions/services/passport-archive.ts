// The archive of a learner's passport: every badge (hidden ones too: they are still the learner's), its
// baked image and its OB 3.0 credential, in one zip (fflate: small, well kept, no dependencies). Apart
// from functions/services/passport.ts so that only the function that serves it holds the bucket's client,
// and that loads it (a chunk of its own in the asset) with the first archive, not at every cold start.
// The build without Node's worker threads: zipSync needs none, and the node build declares createRequire, as every bundle's banner does.
import { zipSync } from 'fflate/browser';
import type { SignedInLearner } from '../auth/learner-session';
import { DomainError } from '../domain/errors';
import { passportBadges } from './passport';

/** Most badges in one archive: a Lambda answer is at most 6 MB (base64), a baked image tens of KB. */
export const MAX_ARCHIVE_BADGES = 200;

const images = () => import('../storage/images');

const fileName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'badge';

/** Every badge of the passport (hidden ones too: they are still the learner's): its baked image and its OB 3.0 credential, in one zip. */
export async function passportArchive(learner: SignedInLearner, now: Date): Promise<Uint8Array> {
  const { getImage } = await images();
  const files: Record<string, Uint8Array> = {};
  let before: string | undefined;
  let count = 0;
  do {
    const page = await passportBadges(learner, 50, before, now);
    for (const badge of page.badges) {
      if (++count > MAX_ARCHIVE_BADGES) throw new DomainError('too-large', `Your passport holds more than ${MAX_ARCHIVE_BADGES} badges: download them from their pages`);
      const base = `${fileName(badge.name)}-${badge.award.id}`;
      files[`${base}.${badge.award.image.type}`] = new Uint8Array(await getImage(badge.award.image.key));
      files[`${base}.credential.json`] = new TextEncoder().encode(JSON.stringify(badge.award.credential, null, 2));
    }
    before = page.next;
  } while (before);
  // Images are compressed already; credentials are small: store them all without deflate, quickly.
  return zipSync(files, { level: 0 });
}
