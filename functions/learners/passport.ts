// The passport page's sections, in order: the one place to add what the passport shows. Each section
// gets the signed-in learner and answers its heading and body (or nothing, to stay out of the page).
// The passport's own contents (badges, skills, sharing, download) come as sections here.
import type { SignedInLearner } from '../auth/learner-session';
import type { PassportSection } from '../domain/pages/learner-pages';
import { passportContent } from '../passport/sections';

/** A source answers one section, several (in order), or none. */
export type PassportSectionSource = (learner: SignedInLearner) => Promise<PassportSection | PassportSection[] | undefined>;

export const passportSections: PassportSectionSource[] = [passportContent];
