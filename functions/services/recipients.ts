// Learners as the city keeps them: never by email. A keyed hash of the normalised address finds a
// learner's awards (and says whether they hold a badge class); their name, when a provider gives one,
// is kept sealed to the award. Both keys come from the city's secret, each for its own purpose.
import { createHmac } from 'node:crypto';
import { cityKey, cityKeys } from '../auth/city-secret';
import type { Award } from '../domain/awards';
import type { VersionedKeys } from '../domain/city-keys';
import { open, sealedKeyId } from '../domain/sealed-text';

/** A keyed hash of the normalised email: finds a learner's awards without storing the address. */
export const recipientKeyWith = (key: Buffer, email: string) => createHmac('sha256', key).update(email.trim().toLowerCase()).digest('hex');

export const recipientKey = async (email: string) => recipientKeyWith(await cityKey('recipient-keys'), email);

/**
 * The keys learners' names are sealed with (derived from the city's secret, for this purpose only):
 * the current one, and whichever versions the names of `awards` were sealed with.
 */
export const recipientNameKeys = (awards: readonly Pick<Award, 'sealedRecipientName'>[] = []) =>
  cityKeys('sealed-names', [...new Set(awards.flatMap((a) => (a.sealedRecipientName ? [sealedKeyId(a.sealedRecipientName)] : [])))]);

/** The learner's name, for the award's provider (or a city admin); undefined when none was given. */
export const recipientName = (award: Award, keys: VersionedKeys) => (award.sealedRecipientName ? open(award.sealedRecipientName, keys, award.id) : undefined);
