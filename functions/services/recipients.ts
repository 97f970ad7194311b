// Learners as the city keeps them: never by email. A keyed hash of the normalised address finds a
// learner's awards (and says whether they hold a badge class); their name, when a provider gives one,
// is kept sealed to the award. Both keys come from the city's secret, each for its own purpose.
import { createHmac } from 'node:crypto';
import { cityKey } from '../auth/city-secret';
import type { Award } from '../domain/awards';
import { open } from '../domain/sealed-text';

/** A keyed hash of the normalised email: finds a learner's awards without storing the address. */
export const recipientKeyWith = (key: Buffer, email: string) => createHmac('sha256', key).update(email.trim().toLowerCase()).digest('hex');

export const recipientKey = async (email: string) => recipientKeyWith(await cityKey('recipient-keys'), email);

/** The key learners' names are sealed with (derived from the city's secret, for this purpose only). */
export const recipientNameKey = () => cityKey('sealed-names');

/** The learner's name, for the award's provider (or a city admin); undefined when none was given. */
export const recipientName = (award: Award, key: Buffer) => (award.sealedRecipientName ? open(award.sealedRecipientName, key, award.id) : undefined);
