// The learner's own pages: the first question (an age band), waiting for a guardian, the account
// (privacy settings, consents, addresses, export, delete, sign out), the passport's shell, and the
// guardian's page. Every form posts back to the city with the session's CSRF field (`hidden`).
// Never a nudge, never a dark pattern: the private choice is the default and as easy as the other.
import { field, form, formStyles } from './forms';
import { timeElement } from './dates';
import { html, type SafeHtml } from './html';
import { renderDocument, type PageCity } from './layout';
import { AGE_BAND_LABELS, AGE_BANDS, CONSENT_TEXTS, isMinor, type AgeBand, type LearnerAccount } from '../learners';

export interface LearnerPage {
  city: PageCity;
  /** The CSRF field (and nothing else) every form carries. */
  hidden: SafeHtml;
  /** A field's problem, from the last post (by field name). */
  errors?: Record<string, string>;
  /** A one-line message at the top (what just happened). */
  notice?: string;
}

const page = (city: PageCity, title: string, path: string, main: SafeHtml, status = '') =>
  renderDocument({ city, title, description: `${title}: your learning passport with ${city.branding.displayName}`, url: `${city.baseUrl}${path}`, head: formStyles, main: html`${status && html`<p class="notice" role="status">${status}</p>`}${main}` });

const signOutForms = (hidden: SafeHtml) => html`<section class="card" aria-labelledby="sign-out">
<h2 id="sign-out">Sign out</h2>
<div class="actions">
<form class="inline-form" method="post" action="/sign-out">${hidden}<button class="button" type="submit">Sign out</button></form>
<form class="inline-form" method="post" action="/sign-out">${hidden}<input type="hidden" name="everywhere" value="yes"><button class="button" type="submit">Sign out on every device</button></form>
</div>
</section>`;

export function renderAgeBandPage(model: LearnerPage): string {
  const error = model.errors?.ageBand;
  const guardianError = model.errors?.guardianEmail;
  const choices = AGE_BANDS.map(
    (band) => html`<div class="choice"><input type="radio" id="age-${band}" name="ageBand" value="${band}" required><label for="age-${band}">${AGE_BAND_LABELS[band]}</label></div>`,
  );
  return page(
    model.city,
    'Welcome',
    '/account',
    html`<h1>Welcome to your learning passport</h1>
<p>One question first. We ask your age group, never your birthday: it decides how private your passport is. Under 18, everything starts private.</p>
${form(
  '/account/age-band',
  model.hidden,
  html`<div class="field${error ? ' field-error' : ''}"><fieldset${error ? html` aria-describedby="ageBand-error"` : ''}>
<legend>How old are you?</legend>
${error && html`<p class="error" id="ageBand-error">${error}</p>`}
${choices}
</fieldset></div>
${field({ name: 'guardianEmail', label: 'Only if you are under 13: your parent’s or guardian’s email address', type: 'email', autocomplete: 'off', required: false, error: guardianError, hint: 'We ask them to agree before your passport can be used. We email them once, and never share the address.' })}`,
  'Continue',
)}
${signOutForms(model.hidden)}`,
    model.notice,
  );
}

export function renderWaitingPage(model: LearnerPage): string {
  return page(
    model.city,
    'Waiting for your parent or guardian',
    '/account',
    html`<h1>Nearly there</h1>
<p>We have emailed your parent or guardian. When they agree, your passport opens: come back here then.</p>
${form('/account/consent-request', model.hidden, '', 'Email them again')}
<p>Changed your mind? You can delete this account now.</p>
${form('/account/delete', model.hidden, html`<input type="hidden" name="confirm" value="yes">`, 'Delete my account')}
${signOutForms(model.hidden)}`,
    model.notice,
  );
}

export interface AccountPageModel extends LearnerPage {
  account: LearnerAccount;
  addresses: { recipientKey: string; email: string; signIn: boolean }[];
  /** The address a code was just sent to, waiting for its code. */
  verifying?: string;
}

const checkbox = (name: string, label: string, checked: boolean, hint: string) =>
  html`<div class="choice"><input type="checkbox" id="${name}" name="${name}" value="yes"${checked ? html` checked` : ''} aria-describedby="${name}-hint"><div><label for="${name}">${label}</label><p class="hint" id="${name}-hint">${hint}</p></div></div>`;

export function renderAccountPage(model: AccountPageModel): string {
  const { account } = model;
  const minor = account.ageBand ? isMinor(account.ageBand) : true;
  const has = (purpose: keyof typeof CONSENT_TEXTS) => account.consents.some((c) => c.purpose === purpose && !c.withdrawnAt);
  return page(
    model.city,
    'Your account',
    '/account',
    html`<h1>Your account</h1>
<p><a href="/passport">Back to your passport</a></p>
<section class="card" aria-labelledby="privacy">
<h2 id="privacy">Privacy</h2>
${minor && html`<p>You are under 18, so everything starts switched off. Change only what you want to.</p>`}
${form(
  '/account/settings',
  model.hidden,
  html`<fieldset class="field"><legend>What your passport may do</legend>
${checkbox('publicProfile', 'Let me make a public page of my badges', account.settings.publicProfile, 'You still choose which badges it shows, and can take it down at any time.')}
${checkbox('recommendations', 'Suggest opportunities from my badges', account.settings.recommendations, 'Uses your badges, age group and area (if you give it) to suggest what to do next.')}
${checkbox('nudges', 'Send me reminders and tips by email', account.settings.nudges, 'Emails about your badges arrive either way; these are extra.')}
</fieldset>
<fieldset class="field"><legend>Helping the city plan (optional)</legend>
${checkbox('insightsArea', CONSENT_TEXTS['insights-area'].text, has('insights-area'), 'Only the first part of a postcode is kept, like B15. Never your location.')}
${field({ name: 'postcode', label: 'Your postcode district', value: account.area ?? '', required: false, autocomplete: 'off', error: model.errors?.postcode, hint: 'Type it, like B15, or a whole postcode: only the first part is kept.' })}
${checkbox('insightsAgeBand', CONSENT_TEXTS['insights-age-band'].text, has('insights-age-band'), 'Counted with everyone else’s, never shown on its own.')}
</fieldset>`,
  'Save',
)}
</section>
<section class="card" aria-labelledby="addresses">
<h2 id="addresses">Your email addresses</h2>
<p>Badges sent to any of these show in your passport.</p>
<ul class="plain">
${model.addresses.map(
  (a) => html`<li>${a.email}${a.signIn ? html` <span class="meta">(you sign in with this one)</span>` : html` <form class="inline-form" method="post" action="/account/addresses/remove">${model.hidden}<input type="hidden" name="address" value="${a.recipientKey}"><button class="button" type="submit">Remove<span class="visually-hidden"> ${a.email}</span></button></form>`}</li>`,
)}
</ul>
${
  model.verifying
    ? form(
        '/account/addresses/verify',
        html`${model.hidden}<input type="hidden" name="email" value="${model.verifying}">`,
        field({ name: 'code', label: `The code we sent to ${model.verifying}`, autocomplete: 'one-time-code', inputmode: 'numeric', className: 'code', maxlength: 6, error: model.errors?.code }),
        'Add this address',
      )
    : form('/account/addresses', model.hidden, field({ name: 'email', label: 'Add another email address', type: 'email', autocomplete: 'email', error: model.errors?.email, hint: 'We email it a code to check it is yours.' }), 'Send a code')
}
</section>
<section class="card" aria-labelledby="your-data">
<h2 id="your-data">Your data</h2>
<p><a href="/account/export">Download everything we hold about you</a> (a JSON file).</p>
<p>Deleting your account removes it at once: your sign-in, addresses, settings and consents. The badges stay with the organisations that gave them, but nothing links them to you any more.</p>
${form('/account/delete', model.hidden, html`<div class="choice"><input type="checkbox" id="confirm" name="confirm" value="yes" required><label for="confirm">Yes, delete my account</label></div>${model.errors?.confirm && html`<p class="error">${model.errors.confirm}</p>`}`, 'Delete my account')}
</section>
${signOutForms(model.hidden)}`,
    model.notice,
  );
}

/** One part of the passport page: the passport's own sections come from functions/learners/passport.ts. */
export interface PassportSection {
  id: string;
  heading: string;
  body: SafeHtml;
}

export function renderPassportPage(model: LearnerPage & { sections: PassportSection[] }): string {
  return page(
    model.city,
    'Your passport',
    '/passport',
    html`<h1>Your learning passport</h1>
<p><a href="/account">Your account and privacy</a></p>
${model.sections.map((s) => html`<section class="card" aria-labelledby="${s.id}"><h2 id="${s.id}">${s.heading}</h2>${s.body}</section>`)}
${signOutForms(model.hidden)}`,
    model.notice,
  );
}

export interface GuardianPageModel {
  city: PageCity;
  token: string;
  purpose: 'consent' | 'manage';
  ageBand?: AgeBand;
  status: LearnerAccount['status'];
  createdAt: string;
  addresses: number;
  /** The badges saved for the child until the guardian agrees (functions/services/held-badges.ts), newest first. */
  held: GuardianHeldBadge[];
}

/** A badge saved for an under-13 until their guardian agrees, as the guardian's page names it. */
export interface GuardianHeldBadge {
  badgeName: string;
  providerName: string;
  /** The claim set's label: the event or occasion the code was given at. */
  occasion: string;
  savedAt: string;
  /** Claimed by the guardian for the child (a `forGuardians` code), or by the child. */
  byGuardian: boolean;
  /** Why it will not arrive when the guardian agrees (as `claimHeldBadges` would find); absent when it will. */
  lapsed?: 'revoked' | 'expired' | 'archived';
}

const LAPSED: Record<NonNullable<GuardianHeldBadge['lapsed']>, (provider: string) => string> = {
  revoked: (provider) => `${provider} has since withdrawn this code, so this badge will not arrive.`,
  expired: () => 'This code has since expired, so this badge will not arrive.',
  archived: (provider) => `${provider} no longer gives this badge, so it will not arrive.`,
};

/** What agreeing releases: each badge saved for the child, from whom, where, when, and who claimed it. */
function savedBadges(model: GuardianPageModel): SafeHtml {
  const waiting = model.status === 'awaiting-consent';
  const intro = waiting
    ? 'If your child claims a badge with a code before you agree, it is saved here, not given. When you agree, these badges go into their passport; if you delete the account instead, they are never given.'
    : 'Badges claimed before you agreed were given when you agreed. These are still saved:';
  return html`<section class="card" aria-labelledby="saved">
<h2 id="saved">Badges saved for your child</h2>
<p>${intro}</p>
${
  model.held.length === 0
    ? html`<p>No badges are saved for your child at the moment.</p>`
    : html`<ul>${model.held.map(
        (badge) => html`<li><strong>${badge.badgeName}</strong>, a badge from ${badge.providerName}<br>
Event: ${badge.occasion}. Saved on ${timeElement(badge.savedAt)}, claimed by ${badge.byGuardian ? 'you' : 'your child'}.${badge.lapsed ? html`<br>${LAPSED[badge.lapsed](badge.providerName)}` : ''}</li>`,
      )}</ul>`
}
</section>`;
}

export function renderGuardianPage(model: GuardianPageModel): string {
  const hidden = html`<input type="hidden" name="token" value="${model.token}">`;
  const consent = model.purpose === 'consent' && model.status === 'awaiting-consent';
  const arriving = model.held.filter((badge) => !badge.lapsed).length;
  return page(
    model.city,
    'Your child’s learning passport',
    '/guardian',
    html`<h1>Your child’s learning passport</h1>
<section class="card" aria-labelledby="held">
<h2 id="held">What the city holds</h2>
<dl class="facts">
<dt>Age group</dt><dd>${model.ageBand ? AGE_BAND_LABELS[model.ageBand] : 'not given'}</dd>
<dt>Started</dt><dd>${timeElement(model.createdAt)}</dd>
<dt>Email addresses</dt><dd>${model.addresses}</dd>
<dt>Status</dt><dd>${model.status === 'active' ? 'open' : 'waiting for your consent'}</dd>
</dl>
<p>No name, no birth date, no location. Badges are kept by the organisations that gave them.</p>
<p>A claim code for parents and guardians is claimed for your child by signing in with the address this link was sent to, then opening the code.</p>
</section>
${(consent || model.held.length > 0) && savedBadges(model)}
${
  consent &&
  html`<section class="card" aria-labelledby="agree"><h2 id="agree">Agree</h2>
<p>${CONSENT_TEXTS.guardian.text}</p>
${arriving > 0 && html`<p>When you agree, ${arriving === 1 ? 'the badge' : `the ${arriving} badges`} saved above ${arriving === 1 ? 'goes' : 'go'} into your child’s passport.</p>`}
${form('/guardian', html`${hidden}<input type="hidden" name="action" value="consent">`, '', 'I agree')}
</section>`
}
<section class="card" aria-labelledby="delete"><h2 id="delete">Delete the account</h2>
<p>Everything above is deleted at once.</p>
${form('/guardian', html`${hidden}<input type="hidden" name="action" value="delete">`, '', 'Delete the account')}
</section>`,
  );
}

/** A page that says one thing and where to go next (signed out, consent given, account deleted). */
export function renderMessagePage(city: PageCity, title: string, text: string, next: { label: string; url: string }, status = 200): { markup: string; status: number } {
  return {
    // A page that answers a mistake names it as the problem, as the verify page's does (one id for both).
    markup: page(city, title, '/', html`<h1${status >= 400 ? html` id="problem-title"` : ''}>${title}</h1><p>${text}</p><p><a href="${next.url}">${next.label}</a></p>`),
    status,
  };
}
