// The passport page's sections, in order: the one place to add what the passport shows. Each section
// gets the signed-in learner and answers its heading and body (or nothing, to stay out of the page).
// The passport's own contents (badges, skills, sharing, download) come as sections here.
import type { SignedInLearner } from '../auth/learner-session';
import { html } from '../domain/pages/html';
import type { PassportSection } from '../domain/pages/learner-pages';

export type PassportSectionSource = (learner: SignedInLearner) => Promise<PassportSection | undefined>;

export const passportSections: PassportSectionSource[] = [
  async () => ({
    id: 'badges',
    heading: 'Your badges',
    body: html`<p>Badges sent to any of your email addresses gather here. <a href="/account">Add another address</a> if some were sent to a different one.</p>`,
  }),
];
