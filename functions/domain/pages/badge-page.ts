// The public page of one awarded badge: what it is, who issued it, what it proves, and whether it is
// still valid, for anyone the holder shares it with. It names no one: the model holds no recipient.
import * as z from 'zod/mini';
import { formatDateTime, parseDate, timeElement } from './dates';
import { html, httpUrl, link, markSafe, type SafeHtml } from './html';
import { PageCitySchema, renderDocument } from './layout';
import { linkedInAddCertificationUrl } from './linkedin';
import { portalStyles } from './opportunity-text';
import { pathwayLinks } from './pathway-links';
import { renderResults, type ResultView } from './opportunity-results';
import { paragraphs } from './text';

const isoDateTime = z.iso.datetime({ offset: true });

// URLs are plain strings: the page drops any that is not http(s) rather than refuse to show a badge.
export const BadgePageModelSchema = z.object({
  city: PageCitySchema,
  badge: z.object({
    /** The award's identifier, which LinkedIn shows as the credential ID. */
    id: z.string(),
    /** This page's public URL. */
    url: z.string(),
    name: z.string(),
    description: z.string(),
    /** The baked image, shown on the page. */
    imageUrl: z.string(),
    /** A PNG of the badge for share previews (og:image): LinkedIn and Facebook do not show SVG. */
    shareImageUrl: z.string(),
    /** The same baked image, served as a download. */
    downloadUrl: z.string(),
    /** The hosted Open Badges 2.0 assertion (JSON-LD). */
    assertionUrl: z.string(),
    /** The Open Badges 3.0 credential (JSON). */
    credentialUrl: z.string(),
    criteria: z.object({ narrative: z.optional(z.string()), url: z.optional(z.string()) }),
    issuedOn: isoDateTime,
    expires: z.optional(isoDateTime),
    issuer: z.object({
      name: z.string(),
      /** The issuer's website. */
      url: z.optional(z.string()),
      /** The issuer's Open Badges profile (JSON). */
      profileUrl: z.string(),
    }),
    /** Aligned skills; `url` is the skill's page on the city's spine. */
    skills: z.array(z.object({ name: z.string(), url: z.string(), framework: z.optional(z.string()), code: z.optional(z.string()) })),
    tags: z.array(z.string()),
    /** The learner's own account of what they did, from the award (both badge formats carry it). */
    narrative: z.optional(z.string()),
    evidence: z.array(z.object({ url: z.optional(z.string()), name: z.optional(z.string()), narrative: z.optional(z.string()) })),
  }),
  /** What next: opportunities that build the badge's skills at the next level, nearest the provider first. */
  next: z.object({
    opportunities: z.array(z.custom<ResultView>((value) => typeof value === 'object' && value !== null)),
    /** The search page for the badge's skills, for more than the page lists. */
    searchUrl: z.string(),
  }),
  /** The published pathways the badge's class is a step of (absent: none, or they could not be read). */
  pathways: z.optional(z.array(z.object({ name: z.string(), url: z.string() }))),
  status: z.object({
    state: z.enum(['valid', 'revoked', 'expired']),
    /** Why the issuer revoked it, when they said. */
    reason: z.optional(z.string()),
    checkedAt: isoDateTime,
  }),
});
export type BadgePageModel = z.infer<typeof BadgePageModelSchema>;
type Badge = BadgePageModel['badge'];
type Status = BadgePageModel['status'];

// What a share preview of a badge that is no longer valid says first, so a preview never vouches for it.
const SHARE_PREFIX: Record<Status['state'], string> = { valid: '', revoked: 'Revoked. ', expired: 'Expired. ' };

export function renderBadgePage(model: BadgePageModel): string {
  const { city, badge, status } = model;
  const assertion = httpUrl(badge.assertionUrl);
  return renderDocument({
    city,
    title: badge.name,
    description: SHARE_PREFIX[status.state] + badge.description,
    url: badge.url,
    image: { url: badge.shareImageUrl, alt: imageAlt(badge) },
    head: html`<style>${markSafe(portalStyles)}</style>
${assertion && html`<link rel="alternate" type="application/ld+json" href="${assertion}">`}`,
    main: html`<article aria-labelledby="badge-name">
${hero(badge, status)}
${statusBox(badge, status)}
${actions(badge, status)}
<div class="columns">
<div>
<section class="card prose" aria-labelledby="about"><h2 id="about">About this badge</h2>${paragraphs(badge.description)}</section>
${criteria(badge.criteria)}
${learnerStory(badge.narrative, badge.evidence)}
</div>
<div>
${skills(badge.skills)}
${tags(badge.tags)}
${dataLinks(badge)}
</div>
</div>
${whatNext(model.next, status)}
${pathwayLinks(model.pathways ?? [], `${badge.name} is a step of these pathways in the city: see what it leads to.`)}
</article>`,
  });
}

const imageAlt = (badge: Badge) => `${badge.name} badge`;

function hero(badge: Badge, status: Status): SafeHtml {
  const image = httpUrl(badge.imageUrl);
  return html`<div class="card hero">
${image && html`<img src="${image}" alt="${imageAlt(badge)}" width="208" height="208">`}
<div>
<p class="kicker">Open Badge</p>
<h1 id="badge-name">${badge.name}</h1>
<dl class="facts">
<dt>Issued by</dt><dd>${link(badge.issuer.url ?? badge.issuer.profileUrl, badge.issuer.name)}</dd>
<dt>Issued on</dt><dd>${timeElement(badge.issuedOn)}</dd>
${badge.expires && html`<dt>${status.state === 'expired' ? 'Expired on' : 'Expires on'}</dt><dd>${timeElement(badge.expires)}</dd>`}
</dl>
</div>
</div>`;
}

/** The verification result in words, with an icon and a colour that only repeat what the words say. */
function statusBox(badge: Badge, status: Status): SafeHtml {
  const { icon, text } = statusResult(badge, status);
  return html`<section class="status status-${status.state}" aria-labelledby="verification">
<span class="status-icon" aria-hidden="true">${icon}</span>
<div>
<h2 class="visually-hidden" id="verification">Verification</h2>
${text}
<p class="checked">Checked ${timeElement(status.checkedAt, formatDateTime)}</p>
</div>
</section>`;
}

function statusResult(badge: Badge, status: Status): { icon: string; text: SafeHtml } {
  // Isolated, so that a right-to-left issuer name cannot reorder the sentence around it.
  const issuer = html`<bdi>${badge.issuer.name}</bdi>`;
  switch (status.state) {
    case 'valid':
      return { icon: '✓', text: html`<p><strong>Verified:</strong> issued by ${issuer} to the holder of this badge.</p>` };
    case 'revoked':
      return {
        icon: '✕',
        text: html`<p><strong>Revoked:</strong> ${issuer} has revoked this badge, so it is no longer valid.</p>
${status.reason && html`<p>Reason given: <bdi>${status.reason}</bdi></p>`}`,
      };
    case 'expired':
      return {
        icon: '!',
        text: html`<p><strong>${badge.expires ? html`Expired on ${timeElement(badge.expires)}` : 'Expired'}:</strong> this badge is no longer current.
It was issued by ${issuer} to the holder of this badge.</p>`,
      };
  }
}

function actions(badge: Badge, status: Status): SafeHtml {
  const download = httpUrl(badge.downloadUrl);
  // Only a current badge is offered to LinkedIn: a profile would show a revoked or expired one as held.
  const linkedIn = status.state === 'valid' ? linkedInUrl(badge) : undefined;
  return html`<div class="actions">
${download && html`<a class="button button-primary" href="${download}" download>Download baked badge</a>`}
${linkedIn && html`<a class="button" href="${linkedIn}">Add to LinkedIn profile</a>`}
</div>`;
}

function linkedInUrl(badge: Badge): string | undefined {
  const certUrl = httpUrl(badge.url);
  const issuedOn = parseDate(badge.issuedOn);
  if (certUrl === undefined || issuedOn === undefined) return undefined;
  const expires = badge.expires === undefined ? undefined : parseDate(badge.expires);
  return linkedInAddCertificationUrl({ name: badge.name, organizationName: badge.issuer.name, issuedOn, expires, certUrl, certId: badge.id });
}

function criteria({ narrative, url }: Badge['criteria']): SafeHtml | undefined {
  const href = httpUrl(url);
  if (!narrative && href === undefined) return undefined;
  return html`<section class="card prose" aria-labelledby="criteria"><h2 id="criteria">How it is earned</h2>
${narrative && paragraphs(narrative)}
${href && html`<p><a href="${href}">Read the full criteria</a></p>`}
</section>`;
}

function skills(list: Badge['skills']): SafeHtml | undefined {
  if (list.length === 0) return undefined;
  const items = list.map((skill) => {
    const meta = [skill.framework, skill.code].filter((part) => part).join(' · ');
    return html`<li>${link(skill.url, skill.name)}${meta && html`<span class="meta">${meta}</span>`}</li>`;
  });
  return html`<section class="card" aria-labelledby="skills"><h2 id="skills">Skills</h2><ul class="plain skills">${items}</ul></section>`;
}

function tags(list: Badge['tags']): SafeHtml | undefined {
  if (list.length === 0) return undefined;
  return html`<section class="card" aria-labelledby="tags"><h2 id="tags">Tags</h2><ul class="plain tags">${list.map((tag) => html`<li>${tag}</li>`)}</ul></section>`;
}

/** The learner's narrative and evidence: their own words and work, as the award carries them. */
function learnerStory(narrative: Badge['narrative'], list: Badge['evidence']): SafeHtml | undefined {
  const items = list.flatMap((item) => {
    const title = item.name ?? httpUrl(item.url);
    if (title === undefined && !item.narrative) return [];
    return [html`<li>${title !== undefined && html`<h3>${link(item.url, title)}</h3>`}${item.narrative && html`<div class="prose">${paragraphs(item.narrative)}</div>`}</li>`];
  });
  if (items.length === 0 && !narrative) return undefined;
  return html`<section class="card" aria-labelledby="evidence"><h2 id="evidence">What the learner did</h2>
${narrative && html`<div class="prose narrative">${paragraphs(narrative)}</div>`}
${items.length > 0 && html`<ul class="plain evidence">${items}</ul>`}
</section>`;
}

/** Where to go from here; a badge no longer valid still points the way (the skills are still worth building). */
function whatNext(next: BadgePageModel['next'], status: Status): SafeHtml {
  const search = httpUrl(next.searchUrl);
  const intro = next.opportunities.length
    ? html`<p>Opportunities in the city that build these skills at the next level, nearest the issuer first.</p>`
    : html`<p>Nothing in the city's directory builds these skills at the next level right now.</p>`;
  return html`<section class="card" aria-labelledby="what-next"><h2 id="what-next">${status.state === 'valid' ? 'What next' : 'Build these skills further'}</h2>
${intro}
${next.opportunities.length > 0 && renderResults(next.opportunities)}
${search && html`<p><a href="${search}">Find more opportunities for these skills</a></p>`}
</section>`;
}

/** The machine-readable badge, for verifiers and for other badge platforms. */
function dataLinks(badge: Badge): SafeHtml | undefined {
  const items = [
    [badge.assertionUrl, 'Open Badges 2.0 assertion (JSON)'],
    [badge.credentialUrl, 'Open Badges 3.0 credential (JSON)'],
    [badge.issuer.profileUrl, 'Issuer profile (JSON)'],
  ].flatMap(([url, text]) => {
    const href = httpUrl(url);
    return href === undefined ? [] : [html`<li><a href="${href}">${text}</a></li>`];
  });
  if (items.length === 0) return undefined;
  return html`<section class="card" aria-labelledby="data"><h2 id="data">For verifiers</h2><ul class="plain data-links">${items}</ul></section>`;
}
