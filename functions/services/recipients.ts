// Learners as the city keeps them: never by email. A keyed hash of the normalised address finds a
// learner's awards (and says whether they hold a badge class); their name, when a provider gives one,
// is kept sealed to the award. Both keys come from the city's secret, each for its own purpose.
import { createHmac } from 'node:crypto';
import { apiKeyPepper } from '../auth/pepper';
import type { Award } from '../domain/awards';
import { open, sealingKey } from '../domain/sealed-text';

/** A keyed hash of the normalised email: finds a learner's awards without storing the address. */
export const recipientKeyWith = (secret: string, email: string) => createHmac('sha256', secret).update(`recipient:${email.trim().toLowerCase()}`).digest('hex');

export const recipientKey = async (email: string) => recipientKeyWith(await apiKeyPepper(), email);

let nameKey: Promise<Buffer> | undefined;
/** The key learners' names are sealed with (derived from the city's secret, for this purpose only). */
export const recipientNameKey = () => (nameKey ??= apiKeyPepper().then((secret) => sealingKey(secret, 'recipient-name')));

/** The learner's name, for the award's provider (or a city admin); undefined when none was given. */
export const recipientName = (award: Award, key: Buffer) => (award.sealedRecipientName ? open(award.sealedRecipientName, key, award.id) : undefined);
