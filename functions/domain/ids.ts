// Random, unguessable ids for URLs: lowercase base32, so they read well and need no escaping.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** `length` characters of 5 random bits each (16 characters: 80 bits). */
export const randomId = (length: number) => [...randomBytes(length)].map((b) => ALPHABET[b & 31]).join('');

/** What `randomId(length)` gives; a pattern (not a predicate) so that schemas built on it show it. */
export const randomIdPattern = (length: number) => new RegExp(`^[a-z2-7]{${length}}$`);
