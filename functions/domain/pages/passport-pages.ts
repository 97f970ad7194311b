// The learner's passport pages: the passport itself (badges with accept and hide, the skills profile,
// next steps, sharing, download), the page an email's add-to-passport link opens, and the public
// profile a learner shares. Server-rendered, no script: every action is a form that posts back with the
// session's CSRF token. Pure: the handler gives the views.
import { formatDate } from './dates';
import { html, type SafeHtml } from './html';
import { renderDocument, type PageCity } from './layout';
import { skillsChart } from './skills-chart';
import { brandTheme } from './theme';
import type { SkillStanding } from '../passport/skills-profile';

export interface BadgeView {
  id: string;
  name: string;
  description: string;
  providerName: string;
  issuedOn: string;
  state: 'new' | 'accepted' | 'hidden';
  standing: 'valid' | 'revoked' | 'expired';
  pageUrl: string;
  imageUrl: string;
}

export interface PassportPageModel {
  city: PageCity;
  csrf: SafeHtml;
  badges: BadgeView[];
  olderUrl?: string;
  skills: SkillStanding[];
  /** Undefined: the learner has suggestions off. */
  nextSteps?: { skillName: string; levelName: string; opportunities: { title: string; providerName: string; startsAt: string; url: string }[] }[];
  share?: { url: string; awardIds: string[]; displayName?: string };
  publicProfileAllowed: boolean;
  minor: boolean;
  /** A message after an action (the form posted, the page came back). */
  notice?: string;
}

/** Styles only these pages need, beside the site's one stylesheet. */
const PASSPORT_STYLES = html`<style>
.badge-list{list-style:none;margin:0;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.badge-list li{display:flex;flex-direction:column;gap:.5rem}
.badge-list img{width:6rem;height:6rem;object-fit:contain}
.badge-list h3{margin:0;font-size:1.125rem}
.badge-list form{display:inline}
.pill{display:inline-block;padding:.1rem .6rem;border-radius:999px;border:1px solid currentColor;font-size:.875rem;font-weight:600}
.skills-profile{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));align-items:start}
.skills-chart{max-width:100%;height:auto}
.skills-table{border-collapse:collapse;width:100%}
.skills-table th,.skills-table td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #c8ccd2;vertical-align:top}
.skills-table caption{text-align:left;font-weight:600;padding-bottom:.35rem}
fieldset{border:1px solid #c8ccd2;border-radius:8px;margin:0 0 1rem;padding:.75rem 1rem}
label{display:block;margin:.35rem 0}
input[type=text]{font:inherit;padding:.4rem .5rem;border:1px solid #5f6670;border-radius:6px;max-width:100%;width:20rem}
.notice{padding:.75rem 1rem;border-left:6px solid var(--secondary);background:#fff}
section{margin-top:2rem}
</style>`;

const stateLabel = (badge: BadgeView) =>
  badge.standing !== 'valid' ? (badge.standing === 'revoked' ? 'Revoked by its provider' : 'Expired') : { new: 'New', accepted: 'In your passport', hidden: 'Hidden' }[badge.state];

function badgeItem(badge: BadgeView, csrf: SafeHtml): SafeHtml {
  const action = (value: string, label: string) => html`<form method="post" action="/passport/badges/${badge.id}">${csrf}<input type="hidden" name="state" value="${value}"><button class="button" type="submit">${label}<span class="visually-hidden">: ${badge.name}</span></button></form>`;
  return html`<li class="card">
<img src="${badge.imageUrl}" alt="" width="96" height="96">
<h3><a href="${badge.pageUrl}">${badge.name}</a></h3>
<p class="meta">From ${badge.providerName} · ${formatDate(new Date(badge.issuedOn))}</p>
<p><span class="pill">${stateLabel(badge)}</span></p>
<div class="actions">
${badge.state !== 'accepted' && action('accepted', badge.state === 'hidden' ? 'Show' : 'Accept')}
${badge.state !== 'hidden' && action('hidden', 'Hide')}
</div>
</li>`;
}

function shareSection(model: PassportPageModel): SafeHtml {
  const shareable = model.badges.filter((b) => b.state !== 'hidden' && b.standing === 'valid');
  const chosen = new Set(model.share?.awardIds ?? []);
  const current = model.share
    ? html`<p>Your public profile is at <a href="${model.share.url}">${model.share.url}</a>. Anyone with this link can see the badges you chose${model.share.displayName ? html`, and the name "${model.share.displayName}"` : ''}.</p>
<form method="post" action="/passport/share/revoke">${model.csrf}<button class="button" type="submit">Stop sharing now</button></form>`
    : html`<p>Nothing is shared: no one but you can see your passport.</p>`;
  const form =
    shareable.length === 0
      ? html`<p>Accept a badge to be able to share it.</p>`
      : html`<form method="post" action="/passport/share">${model.csrf}
<fieldset><legend>Badges to show</legend>
${shareable.map((b) => html`<label><input type="checkbox" name="awardId" value="${b.id}"${chosen.has(b.id) ? html` checked` : ''}> ${b.name}</label>`)}
</fieldset>
<label for="display-name">A name to show (leave empty to show none: pages then say "the holder of this badge")</label>
<input type="text" id="display-name" name="displayName" maxlength="80" value="${model.share?.displayName ?? ''}" autocomplete="nickname">
${!model.publicProfileAllowed &&
html`<label><input type="checkbox" name="allowPublicProfile" value="yes"> Allow a public profile${model.minor ? ': only people you give the link to can see it, and you can stop it at any time' : ''}</label>`}
<div class="actions"><button class="button button-primary" type="submit">${model.share ? 'Update what I share' : 'Share these badges'}</button></div>
</form>`;
  return html`<section aria-labelledby="share"><h2 id="share">Share</h2>${current}${form}</section>`;
}

function nextStepsSection(model: PassportPageModel): SafeHtml {
  const body =
    model.nextSteps === undefined
      ? html`<p>Suggestions based on your badges are off${model.minor ? ' (they are off for everyone under 18 unless turned on)' : ''}. You can still <a href="/opportunities">search every opportunity</a>.</p>`
      : model.nextSteps.length === 0
        ? html`<p>Once you hold badges that show skills, opportunities to grow them appear here. <a href="/opportunities">Search every opportunity</a>.</p>`
        : model.nextSteps.map(
            (step) => html`<h3>${step.skillName}: towards ${step.levelName}</h3>
${step.opportunities.length === 0
  ? html`<p>Nothing listed for this level right now.</p>`
  : html`<ul>${step.opportunities.map((o) => html`<li><a href="${o.url}">${o.title}</a> · ${o.providerName} · ${formatDate(new Date(o.startsAt))}</li>`)}</ul>`}`,
          );
  return html`<section aria-labelledby="next-steps"><h2 id="next-steps">Next steps</h2>${body}</section>`;
}

export function renderPassportPage(model: PassportPageModel): string {
  const theme = brandTheme(model.city.branding);
  const main = html`<h1>Your passport</h1>
${model.notice && html`<p class="notice" role="status">${model.notice}</p>`}
<section aria-labelledby="badges"><h2 id="badges">Your badges</h2>
${model.badges.length === 0
  ? html`<p>No badges yet. Badges awarded to any email address you have added appear here.</p>`
  : html`<ul class="badge-list">${model.badges.map((b) => badgeItem(b, model.csrf))}</ul>`}
${model.olderUrl && html`<p><a href="${model.olderUrl}">Older badges</a></p>`}
</section>
<section aria-labelledby="skills"><h2 id="skills">Your skills</h2>${skillsChart(model.skills, { bar: theme.primary, track: '#dde1e6', text: '#1f2328' })}</section>
${nextStepsSection(model)}
${shareSection(model)}
<section aria-labelledby="download"><h2 id="download">Download</h2>
<p><a class="button" href="/passport/archive">Download every badge (zip)</a></p>
<p>Each badge as its baked image and its Open Badges 3.0 credential, to keep or to add to another backpack.</p>
</section>`;
  return renderDocument({ city: model.city, title: 'Your passport', description: 'Your badges, skills and next steps', url: `${model.city.baseUrl}/passport`, head: PASSPORT_STYLES, main });
}

export function renderAddToPassportPage(input: { city: PageCity; csrf: SafeHtml; token: string; badge: { name: string; providerName: string; imageUrl: string } }): string {
  const main = html`<div class="card">
<h1>Add this badge to your passport?</h1>
<img src="${input.badge.imageUrl}" alt="" width="96" height="96">
<p><strong>${input.badge.name}</strong>, from ${input.badge.providerName}.</p>
<form method="post" action="/passport/add" class="actions">${input.csrf}<input type="hidden" name="token" value="${input.token}">
<button class="button button-primary" type="submit">Add to my passport</button></form>
<p><a href="/passport">Not now: go to my passport</a></p>
</div>`;
  return renderDocument({ city: input.city, title: 'Add a badge to your passport', description: 'Add a badge to your passport', url: `${input.city.baseUrl}/passport/add`, head: PASSPORT_STYLES, main });
}

export interface ProfilePageModel {
  city: PageCity;
  url: string;
  displayName?: string;
  badges: { name: string; description: string; providerName: string; issuedOn: string; pageUrl: string; imageUrl: string }[];
}

export function renderProfilePage(model: ProfilePageModel): string {
  const who = model.displayName ?? 'The holder of these badges';
  const main = html`<h1>${model.displayName ? html`${model.displayName}’s badges` : 'Badges'}</h1>
<p>${who} chose to share ${model.badges.length === 1 ? 'this badge' : `these ${model.badges.length} badges`} from ${model.city.branding.displayName}. Each badge's page shows whether it is still valid.</p>
<ul class="badge-list">${model.badges.map(
    (b) => html`<li class="card"><img src="${b.imageUrl}" alt="" width="96" height="96"><h2 class="h3"><a href="${b.pageUrl}">${b.name}</a></h2><p class="meta">From ${b.providerName} · ${formatDate(new Date(b.issuedOn))}</p><p>${b.description}</p></li>`,
  )}</ul>`;
  return renderDocument({
    city: model.city,
    title: model.displayName ? `${model.displayName}’s badges` : 'Shared badges',
    description: `${who}: badges from ${model.city.branding.displayName}`,
    url: model.url,
    // A shared profile is for the people it is shared with, not for search engines.
    head: html`${PASSPORT_STYLES}<meta name="robots" content="noindex">`,
    main,
  });
}
