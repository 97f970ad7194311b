// What gets baked. The keywords are the PNG iTXt keywords of the specs: `openbadges` for Open Badges 2.0,
// `openbadgecredential` for 3.0. One type serves PNG, SVG, baking and unbaking.
import { BakingError } from './errors';

export interface BadgePayloads {
  /** OB 2.0: the assertion JSON, its compact JWS, or (hosted, legacy) the assertion's URL. */
  openbadges?: string;
  /** OB 3.0: the OpenBadgeCredential JSON (embedded proof) or its compact JWS (VC-JWT). */
  openbadgecredential?: string;
}

export type BadgeKeyword = keyof BadgePayloads;

/** OB 3.0 first: baked first, and in an SVG with both it is the one the root's namespace declaration names. */
const BADGE_KEYWORDS = ['openbadgecredential', 'openbadges'] as const satisfies readonly BadgeKeyword[];

export const isBadgeKeyword = (word: string): word is BadgeKeyword => word === 'openbadges' || word === 'openbadgecredential';

// ES2024, in every Node this project runs on (>= 20); the project's TypeScript lib stops at ES2023.
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The payloads given, in keyword order, each checked to survive a round trip through UTF-8 and back. */
export function payloadEntries(payloads: BadgePayloads): [BadgeKeyword, string][] {
  const entries: [BadgeKeyword, string][] = [];
  for (const keyword of BADGE_KEYWORDS) {
    const text = payloads[keyword];
    if (text === undefined) continue;
    if (text.trim() === '') throw new BakingError('invalid-payload', `The ${keyword} payload is empty`);
    // Readers written in C stop at NUL, and a lone surrogate becomes U+FFFD in UTF-8: either would
    // silently change a signed credential.
    if (text.includes('\0')) throw new BakingError('invalid-payload', `The ${keyword} payload contains a NUL character`);
    if (!isWellFormed(text)) throw new BakingError('invalid-payload', `The ${keyword} payload contains a lone UTF-16 surrogate`);
    entries.push([keyword, text]);
  }
  if (!entries.length) throw new BakingError('invalid-payload', 'Nothing to bake: give openbadges and/or openbadgecredential');
  return entries;
}
