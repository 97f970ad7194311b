// One opportunity's page: when, where, who it is for, what it costs, how accessible it is, the skills it
// builds, the badges it can earn, who offers it and how to take part, an .ics to add it to a calendar,
// and schema.org JSON-LD for search engines.
import { ACCESSIBILITY_SUPPORTS, upcomingSessions, type Opportunity } from '../opportunities';
import { html, httpUrl, markSafe, type SafeHtml } from './html';
import { renderDocument, type PageCity } from './layout';
import { describeSchedule, formatAges, formatCost, formatSession, kindName, modeName, portalStyles } from './opportunity-text';
import { paragraphs } from './text';

export interface OpportunityPageModel {
  city: PageCity;
  opportunity: Opportunity;
  url: string;
  calendarUrl: string;
  /** The city's booking link (`GET /opportunities/{id}/book`): it counts the click, then goes to the booking URL. */
  bookUrl: string;
  /** Its picture, when it has one (decorative beside the title, which says what it is). */
  imageUrl?: string;
  provider: { name: string; url: string; description?: string };
  skills: { name: string; url: string; level?: string }[];
  badges: { name: string; url: string }[];
  /** schema.org JSON-LD (opportunity-jsonld.ts). */
  jsonLd: Record<string, unknown>;
  now: Date;
}

// Made on first use: at module scope it would start ICU (and load its language names) in every cold
// start of the groups that import this module, whatever they answer.
let languageNames: Intl.DisplayNames | undefined;
const languageName = (tag: string) => {
  try {
    return (languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' })).of(tag) ?? tag;
  } catch {
    return tag;
  }
};

/** JSON-LD inside a script element: `<` escaped, so no text in it can end the element. */
const jsonLdBlock = (data: Record<string, unknown>) => markSafe(`<script type="application/ld+json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);

function when(model: OpportunityPageModel): SafeHtml {
  const { schedule } = model.opportunity;
  const upcoming = upcomingSessions(schedule, model.now, 6);
  const sessions =
    schedule.type === 'open'
      ? undefined
      : upcoming.length
        ? html`<h3>${upcoming.length > 1 ? 'Next sessions' : 'Next session'}</h3><ul class="plain sessions">${upcoming.map((s) => html`<li>${formatSession(s, schedule)}</li>`)}</ul>`
        : html`<p>It has no sessions still to come.</p>`;
  return html`<section class="card" aria-labelledby="when"><h2 id="when">When</h2>
<p>${describeSchedule(schedule)}</p>
${sessions}
<p><a class="button" href="${httpUrl(model.calendarUrl)}">Add to calendar (.ics)</a></p>
</section>`;
}

function where(opportunity: Opportunity): SafeHtml {
  const { venue, onlineUrl, mode } = opportunity.place;
  return html`<section class="card" aria-labelledby="where"><h2 id="where">Where</h2>
<p>${modeName(mode)}</p>
${venue && html`<address>${venue.name}<br>${venue.streetAddress}<br>${venue.locality}${venue.region ? html`, ${venue.region}` : ''}<br>${venue.postcode}</address>`}
${mode !== 'in-person' && (onlineUrl ? html`<p>Online at <a href="${httpUrl(onlineUrl)}">${onlineUrl}</a></p>` : html`<p>The provider sends the online link when you sign up.</p>`)}
</section>`;
}

function takePart(opportunity: Opportunity, bookUrl: string): SafeHtml {
  const { bookingUrl, email, justTurnUp, notes } = opportunity.takePart;
  const closed = opportunity.status === 'cancelled' || opportunity.status === 'full';
  return html`<section class="card" aria-labelledby="take-part"><h2 id="take-part">How to take part</h2>
${closed && html`<p><strong>${opportunity.status === 'cancelled' ? 'This has been cancelled.' : 'This is full.'}</strong></p>`}
<ul class="plain data-links">
${justTurnUp && html`<li>Just turn up: no need to book.</li>`}
${bookingUrl && httpUrl(bookingUrl) && html`<li><a href="${httpUrl(bookUrl)}" rel="nofollow">Book or apply online</a></li>`}
${email && html`<li>Email <a href="${`mailto:${email}`}">${email}</a></li>`}
</ul>
${notes && html`<div class="prose">${paragraphs(notes)}</div>`}
${opportunity.capacity && html`<p>${opportunity.capacity.placesLeft !== undefined ? `${opportunity.capacity.placesLeft} of ${opportunity.capacity.places} places left` : `${opportunity.capacity.places} places`}</p>`}
</section>`;
}

export function renderOpportunityPage(model: OpportunityPageModel): string {
  const { city, opportunity } = model;
  const access = opportunity.accessibility;
  return renderDocument({
    city,
    title: opportunity.title,
    description: opportunity.description,
    url: model.url,
    head: html`<style>${markSafe(portalStyles)}</style>
<link rel="alternate" type="application/json" href="${httpUrl(model.url)}">
<link rel="alternate" type="text/calendar" href="${httpUrl(model.calendarUrl)}">
${jsonLdBlock(model.jsonLd)}`,
    main: html`<article aria-labelledby="title">
<div class="card">
${httpUrl(model.imageUrl) && html`<img class="opportunity-image" src="${httpUrl(model.imageUrl)}" alt="" width="640" height="360">`}
<p class="kicker">${kindName(opportunity.kind)}</p>
<h1 id="title">${opportunity.title}</h1>
<p>Offered by <a href="${httpUrl(model.provider.url)}">${model.provider.name}</a></p>
${opportunity.status === 'cancelled' && html`<p class="notice"><strong>Cancelled.</strong> ${model.provider.name} has cancelled this opportunity.</p>`}
${opportunity.status === 'full' && html`<p class="notice"><strong>Full.</strong> There are no places left just now.</p>`}
<div class="prose">${paragraphs(opportunity.description)}</div>
<dl class="facts">
<dt>Who it is for</dt><dd>${formatAges(opportunity.ageRange)}</dd>
<dt>Cost</dt><dd>${formatCost(opportunity.cost.type === 'free' ? { free: true } : { free: false, price: opportunity.cost.price, currency: opportunity.cost.currency })}</dd>
<dt>Languages</dt><dd>${opportunity.languages.map(languageName).join(', ')}</dd>
</dl>
${opportunity.cost.concessions && html`<p>${opportunity.cost.concessions}</p>`}
</div>
<div class="columns">
<div>
${when(model)}
${where(opportunity)}
${takePart(opportunity, model.bookUrl)}
</div>
<div>
<section class="card" aria-labelledby="skills"><h2 id="skills">Skills it builds</h2>
<ul class="plain skills">${model.skills.map((s) => html`<li><a href="${httpUrl(s.url)}">${s.name}</a>${s.level && html`<span class="meta">${s.level}</span>`}</li>`)}</ul>
</section>
${model.badges.length > 0 && html`<section class="card" aria-labelledby="badges"><h2 id="badges">Badges you can earn</h2><ul class="plain skills">${model.badges.map((b) => html`<li><a href="${httpUrl(b.url)}">${b.name}</a></li>`)}</ul></section>`}
<section class="card" aria-labelledby="access"><h2 id="access">Accessibility</h2>
${access.supports.length ? html`<ul>${access.supports.map((s) => html`<li>${ACCESSIBILITY_SUPPORTS[s]}</li>`)}</ul>` : html`<p>The provider has not listed accessibility support. Ask them what you need.</p>`}
${access.notes && html`<div class="prose">${paragraphs(access.notes)}</div>`}
</section>
</div>
</div>
</article>`,
  });
}
