// The learner's passport pages: the passport itself (badges with accept and hide, the skills profile,
// next steps, sharing, download), the page an email's add-to-passport link opens, and the public
// profile a learner shares. Server-rendered, no script: every action is a form that posts back with the
// session's CSRF token. Pure: the handler gives the views.
import { formatDate } from './dates';
import { formStyles } from './forms';
import { html, httpUrl, type SafeHtml } from './html';
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
  /** The published pathways the learner holds at least one step of. */
  pathways: PassportPathway[];
  publicProfileAllowed: boolean;
  minor: boolean;
}


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

function shareBody(model: PassportPageModel): SafeHtml {
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
  return html`<div class="passport-share">${current}${form}</div>`;
}

export interface PassportPathway {
  name: string;
  url: string;
  done: number;
  steps: number;
  met: boolean;
  /** Absent when the pathway has no milestone badge. */
  milestoneEarned?: boolean;
}

function pathwayProgress(p: PassportPathway): string {
  const steps = p.met ? 'Complete' : `${p.done} of ${p.steps} steps done`;
  if (p.milestoneEarned === undefined) return steps;
  return `${steps} · ${p.milestoneEarned ? 'milestone badge earned' : p.met ? 'milestone badge on its way' : 'milestone badge to earn'}`;
}

function pathwaysBody(model: PassportPageModel): SafeHtml {
  if (model.pathways.length === 0) return html`<p>Pathways are steps to a goal: badges and opportunities that lead to further learning or a job. Once you hold a badge that is a step of one, it appears here with your progress. <a href="/pathways">See the city’s pathways</a>.</p>`;
  return html`<ul>${model.pathways.map((p) => html`<li><a href="${httpUrl(p.url)}">${p.name}</a> · ${pathwayProgress(p)}</li>`)}</ul>`;
}

function nextStepsBody(model: PassportPageModel): SafeHtml {
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
  return html`${body}`;
}

/** The passport page's own sections (the page itself is the learner's shell: functions/learners/passport.ts). */
export function passportSectionBodies(model: PassportPageModel): { id: string; heading: string; body: SafeHtml }[] {
  const theme = brandTheme(model.city.branding);
  return [
    {
      id: 'badges',
      heading: 'Your badges',
      body: html`${model.badges.length === 0
        ? html`<p>No badges yet. Badges sent to any of your email addresses gather here. <a href="/account">Add another address</a> if some were sent to a different one.</p>`
        : html`<ul class="badge-list">${model.badges.map((b) => badgeItem(b, model.csrf))}</ul>`}
${model.olderUrl && html`<p><a href="${model.olderUrl}">All your badges</a></p>`}`,
    },
    { id: 'skills', heading: 'Your skills', body: skillsChart(model.skills, { bar: theme.primary, track: '#dde1e6', text: '#1f2328' }) },
    { id: 'pathways', heading: 'Your pathways', body: pathwaysBody(model) },
    { id: 'next-steps', heading: 'Next steps', body: nextStepsBody(model) },
    { id: 'share', heading: 'Share', body: shareBody(model) },
    {
      id: 'download',
      heading: 'Download',
      body: html`<p><a class="button" href="/passport/archive">Download every badge (zip)</a></p>
<p>Each badge as its baked image and its Open Badges 3.0 credential, to keep or to add to another backpack.</p>`,
    },
  ];
}

/** Every badge of the passport, a page at a time, with accept and hide (GET /passport/badges). */
export function renderBadgesPage(model: { city: PageCity; csrf: SafeHtml; badges: BadgeView[]; olderUrl?: string; notice?: string }): string {
  const main = html`<h1>Your badges</h1>
<p><a href="/passport">Back to your passport</a></p>
${model.notice && html`<p class="notice" role="status">${model.notice}</p>`}
${model.badges.length === 0 ? html`<p>No badges here yet.</p>` : html`<ul class="badge-list">${model.badges.map((b) => badgeItem(b, model.csrf))}</ul>`}
${model.olderUrl && html`<p><a href="${model.olderUrl}">Older badges</a></p>`}`;
  return renderDocument({ city: model.city, title: 'Your badges', description: 'Every badge in your passport', url: `${model.city.baseUrl}/passport/badges`, head: formStyles, main });
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
  return renderDocument({ city: input.city, title: 'Add a badge to your passport', description: 'Add a badge to your passport', url: `${input.city.baseUrl}/passport/add`, head: html``, main });
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
    head: html`<meta name="robots" content="noindex">`,
    main,
  });
}
