// The pages a learner sees after scanning a claim code: what the code gives (the badge, its provider,
// the event), then either "sign in to claim" or the claim button (a form: no JavaScript), and after
// claiming, that they hold it, with the way to their badge and to their wallet. The page where a code
// is typed by hand is here too. No page says whether an address or an account exists.
import { formStyles } from './forms';
import { html, httpUrl, type SafeHtml } from './html';
import { renderDocument, type PageCity } from './layout';
import { paragraphs } from './text';

export interface ClaimBadge {
  name: string;
  description: string;
  imageUrl: string;
  providerName: string;
}

/** Who is looking: no one signed in (they are sent to sign in, and back), or a learner (or guardian) who may claim. */
export type ClaimViewer =
  | { kind: 'anonymous'; signInUrl: string }
  | { kind: 'signed-in'; csrf: { name: string; value: string }; children?: { id: string; label: string }[] };

export interface ClaimPageModel {
  city: PageCity;
  /** The claim page's own URL (the form posts back to it). */
  url: string;
  badge: ClaimBadge;
  label: string;
  forGuardians: boolean;
  /** Whether the code can be used now, and if not, why (said plainly). */
  unavailable?: string;
  viewer: ClaimViewer;
}

export interface ClaimResultModel {
  city: PageCity;
  badge: ClaimBadge;
  /** `claimed` now, `held` already (the code was not used), or `held-for-consent`: kept for an under-13 until their guardian agrees. */
  status: 'claimed' | 'held' | 'held-for-consent';
  /** Absent while the claim is held for consent (there is no badge yet). */
  badgeUrl?: string;
  walletUrl?: string;
  forChild?: boolean;
}

const badgeHero = (badge: ClaimBadge, heading: SafeHtml) => html`<div class="hero">
${httpUrl(badge.imageUrl) && html`<img src="${httpUrl(badge.imageUrl)}" alt="" width="208" height="208">`}
<div>
<p class="kicker">Badge from ${badge.providerName}</p>
${heading}
<div class="prose">${paragraphs(badge.description)}</div>
</div>
</div>`;

function claimAction(model: ClaimPageModel): SafeHtml {
  if (model.unavailable) {
    return html`<div class="status status-revoked" role="status"><span class="status-icon" aria-hidden="true">!</span><div><p><strong>${model.unavailable}</strong></p><p>Ask the people running the event for another code.</p></div></div>`;
  }
  const { viewer } = model;
  if (viewer.kind === 'anonymous') {
    return html`<p>${model.forGuardians ? 'Parents and guardians: sign in to claim this badge for your child.' : 'Sign in (or create your account) to claim this badge. You will come straight back here.'}</p>
<div class="actions"><a class="button button-primary" href="${viewer.signInUrl}">Sign in to claim</a></div>`;
  }
  const children = viewer.children ?? [];
  if (model.forGuardians && children.length === 0) {
    return html`<p>This code is for a parent or guardian to claim for their child. Your account has no child linked to it.</p>`;
  }
  return html`<form class="form" method="post" action="${model.url}">
<input type="hidden" name="${viewer.csrf.name}" value="${viewer.csrf.value}">
${
  // Choices, not a select: a child's label is long, and a select's text cannot wrap on a phone.
  model.forGuardians &&
  html`<div class="field"><fieldset><legend>Claim for</legend>
${children.map((c, i) => html`<div class="choice"><input type="radio" id="child-${c.id}" name="child" value="${c.id}" required${children.length === 1 && i === 0 ? html` checked` : ''}><label for="child-${c.id}">${c.label}</label></div>`)}
</fieldset></div>`
}
<div class="actions"><button class="button button-primary" type="submit">${model.forGuardians ? 'Claim for my child' : 'Claim this badge'}</button></div>
</form>`;
}

export function renderClaimPage(model: ClaimPageModel): string {
  return renderDocument({
    city: model.city,
    title: `Claim ${model.badge.name}`,
    description: `Claim the ${model.badge.name} badge from ${model.badge.providerName}`,
    url: model.url,
    head: formStyles,
    main: html`<article class="card" aria-labelledby="claim-title">
${badgeHero(model.badge, html`<h1 id="claim-title">Claim ${model.badge.name}</h1>`)}
<dl class="facts"><dt>For</dt><dd>${model.label}</dd></dl>
${claimAction(model)}
</article>`,
  });
}

function renderHeldForConsent(model: ClaimResultModel): string {
  const heading = model.forChild ? 'Saved for your child' : 'Saved for you';
  const text = model.forChild
    ? 'It is kept for your child, and arrives in their passport as soon as you agree to their account (use the link in the email we sent you).'
    : 'It is kept for you, and arrives in your passport as soon as your parent or guardian agrees to your account.';
  return renderDocument({
    city: model.city,
    title: heading,
    description: `${model.badge.name} from ${model.badge.providerName}`,
    url: `${model.city.baseUrl}/claim`,
    head: html``,
    main: html`<article class="card" aria-labelledby="claim-title">
${badgeHero(model.badge, html`<h1 id="claim-title">${heading}</h1>`)}
<div class="status status-valid" role="status"><span class="status-icon" aria-hidden="true">✓</span><div><p><strong>${model.badge.name}</strong>: ${text}</p></div></div>
</article>`,
  });
}

export function renderClaimResult(model: ClaimResultModel): string {
  if (model.status === 'held-for-consent' || !model.badgeUrl) return renderHeldForConsent(model);
  const walletUrl = httpUrl(model.walletUrl);
  const heading = model.status === 'claimed' ? (model.forChild ? 'Claimed for your child' : 'You have this badge') : model.forChild ? 'Your child already has this badge' : 'You already have this badge';
  return renderDocument({
    city: model.city,
    title: heading,
    description: `${model.badge.name} from ${model.badge.providerName}`,
    url: model.badgeUrl,
    head: html``,
    main: html`<article class="card" aria-labelledby="claim-title">
${badgeHero(model.badge, html`<h1 id="claim-title">${heading}</h1>`)}
<div class="status status-valid" role="status"><span class="status-icon" aria-hidden="true">✓</span><div><p><strong>${model.badge.name}</strong> is ${model.forChild ? 'in your child’s account' : 'yours'}${model.status === 'held' ? ' already: the code was not used up' : ''}.</p></div></div>
<div class="actions">
<a class="button button-primary" href="${httpUrl(model.badgeUrl)}">See the badge</a>
${walletUrl && html`<a class="button" href="${walletUrl}">Add it to a digital wallet</a>`}
</div>
</article>`,
  });
}

/** The page where a code is typed by hand (the code printed under each QR code). */
export function renderEnterCodePage(model: { city: PageCity; url: string }): string {
  return renderDocument({
    city: model.city,
    title: 'Claim a badge with a code',
    description: 'Type the code you were given to claim your badge',
    url: model.url,
    head: formStyles,
    main: html`<article class="card" aria-labelledby="enter-title">
<h1 id="enter-title">Claim a badge with a code</h1>
<p>Scanned the QR code already? Then you are in the right place after signing in. Otherwise type the code printed under it.</p>
<form class="form" method="get" action="${model.url}">
<div class="field"><label for="code">Code</label>
<input id="code" name="code" type="text" inputmode="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="64"></div>
<div class="actions"><button class="button button-primary" type="submit">Continue</button></div>
</form>
</article>`,
  });
}
