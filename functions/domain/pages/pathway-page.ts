// The page of one pathway: what it leads to, its steps as a diagram and as a list (the accessible
// version, with where and when to do each step), its milestone badge and its destination.
//
// For a signed-in learner the handler passes their holdings of the pathway's badge classes as
// `holdings` (and whether they hold its milestone): the page marks the steps they have done, says how
// many of how many, and whether the pathway is complete (progressOf: the completion rule, evaluated).
// Without them nobody is signed in and the page, the same for everyone, shows no progress.
import type { OpportunityKind } from '../opportunities';
import { progressOf, stepClasses, type Progress } from '../pathway-progress';
import type { Holding, Rule, RuleGroup } from '../pathway-rules';
import type { DestinationKind } from '../pathways';
import { html, httpUrl, markSafe, type SafeHtml } from './html';
import { renderDocument, type PageCity } from './layout';
import { kindName } from './opportunity-text';
import { diagramStyles, groupHeading, pathwayDiagram, type DiagramStep } from './pathway-diagram';
import { paragraphs, summarise } from './text';
import { formatDate } from './dates';

export interface StepOpportunity {
  title: string;
  url: string;
  kind: OpportunityKind;
  provider: string;
  /** When, in words: the next session, or the schedule's pattern. */
  when: string;
  where: string;
  full: boolean;
}

export interface PathwayPageModel {
  city: PageCity;
  urls: { page: string; ctdl: string };
  pathway: {
    name: string;
    description: string;
    status: 'published' | 'archived';
    version: number;
    publishedAt: string;
    rule: Rule;
    provider?: { name: string; url: string };
    skills: { name: string; url: string }[];
  };
  badgeClasses: ReadonlyMap<string, { name: string; description: string; url: string; imageUrl: string; provider: string }>;
  /** The opportunities the steps name, by id. */
  opportunities: ReadonlyMap<string, StepOpportunity>;
  /** For each badge class step: listed opportunities that award it, soonest first. */
  whereToEarn: ReadonlyMap<string, StepOpportunity[]>;
  milestone?: { name: string; url: string; imageUrl: string };
  destination?: { kind: DestinationKind; name: string; url: string; opportunity?: StepOpportunity };
  /** A signed-in learner's badges: absent while nobody is signed in. */
  holdings?: Holding[];
  /** Whether the signed-in learner holds the milestone badge. */
  milestoneEarned?: boolean;
}

const DESTINATION_NAMES: Record<DestinationKind, string> = { 'further-learning': 'Further learning', apprenticeship: 'Apprenticeship', job: 'Job' };
const SHOWN_PER_STEP = 3;

type Leaf = Exclude<Rule, { type: 'group' }>;

export function renderPathwayPage(model: PathwayPageModel): string {
  const { pathway, city } = model;
  const held = new Set((model.holdings ?? []).map((h) => h.badgeClassId));
  const isDone = (leaf: Leaf) => model.holdings !== undefined && stepClasses(leaf).some((id) => held.has(id));
  const progress = model.holdings ? progressOf(pathway.rule, model.holdings) : undefined;
  const stepOf = (leaf: Leaf): DiagramStep =>
    leaf.type === 'badge-class'
      ? { kind: 'Badge', name: model.badgeClasses.get(leaf.badgeClassId)?.name ?? 'A badge', done: isDone(leaf) }
      : { kind: kindOf(model.opportunities.get(leaf.opportunityId)), name: model.opportunities.get(leaf.opportunityId)?.title ?? 'An opportunity', done: isDone(leaf) };
  const destination = model.destination && { kind: DESTINATION_NAMES[model.destination.kind], name: model.destination.name };
  const json = httpUrl(model.urls.page);
  const ctdl = httpUrl(model.urls.ctdl);
  return renderDocument({
    city,
    title: pathway.name,
    description: pathway.description,
    url: model.urls.page,
    head: html`${json && html`<link rel="alternate" type="application/json" href="${json}">`}
${ctdl && html`<link rel="alternate" type="application/ld+json" href="${ctdl}">`}
<style>${markSafe(diagramStyles + pageStyles)}</style>`,
    main: html`<article aria-labelledby="pathway-name">
<div class="card">
<p class="kicker">Pathway${destination ? html` · to ${destination.kind.toLowerCase()}` : ''}</p>
<h1 id="pathway-name">${pathway.name}</h1>
<div class="prose">${paragraphs(pathway.description)}</div>
<dl class="facts">
${pathway.provider && html`<dt>Made by</dt><dd><a href="${httpUrl(pathway.provider.url)}">${pathway.provider.name}</a></dd>`}
<dt>Steps</dt><dd>${countSteps(pathway.rule)}</dd>
${pathway.skills.length > 0 && html`<dt>Skills</dt><dd>${pathway.skills.map((s, i) => html`${i > 0 ? ', ' : ''}<a href="${httpUrl(s.url)}">${s.name}</a>`)}</dd>`}
<dt>Version</dt><dd>${pathway.version}, published ${formatDate(new Date(pathway.publishedAt))}</dd>
</dl>
</div>
${pathway.status === 'archived' && archivedNotice()}
${progress && progressNotice(progress, model.milestone && { name: model.milestone.name, url: model.milestone.url, earned: model.milestoneEarned === true })}
<section class="card" aria-labelledby="diagram-heading">
<h2 id="diagram-heading">The pathway at a glance</h2>
<p id="diagram-label">A diagram of the steps, from the first to ${destination ? 'the destination' : 'the end'}. Every step is listed, with where and when to do it, under “The steps”.</p>
${pathwayDiagram({ rule: pathway.rule, step: stepOf, ...(model.milestone ? { milestone: model.milestone.name } : {}), ...(destination ? { destination } : {}) }, 'diagram-label')}
</section>
<section class="card" aria-labelledby="steps-heading">
<h2 id="steps-heading">The steps</h2>
${stepList(pathway.rule, model, isDone)}
</section>
${model.milestone && milestoneSection(model.milestone)}
${model.destination && destinationSection(model.destination)}
<section class="card" aria-labelledby="data-heading">
<h2 id="data-heading">Open data</h2>
<ul class="plain data-links">
${json && html`<li><a href="${json}" type="application/json">This pathway as JSON</a></li>`}
${ctdl && html`<li><a href="${ctdl}" type="application/ld+json">This pathway in CTDL (Credential Engine) JSON-LD</a></li>`}
</ul>
</section>
</article>`,
  });
}

const kindOf = (opportunity: StepOpportunity | undefined) => (opportunity ? kindName(opportunity.kind) : 'Opportunity');

function countSteps(rule: Rule): string {
  const count = (r: Rule): number => (r.type === 'group' ? r.of.reduce((n, c) => n + count(c), 0) : 1);
  const n = count(rule);
  return n === 1 ? '1 step' : `${n} steps`;
}

const archivedNotice = () => html`<section class="status status-expired" aria-labelledby="archived">
<span class="status-icon" aria-hidden="true">!</span>
<div><h2 class="visually-hidden" id="archived">Archived pathway</h2>
<p><strong>Archived:</strong> this pathway is no longer offered, and its milestone badge is no longer awarded. Badges already earned keep their value.</p></div>
</section>`;

function progressNotice({ met, done, steps }: Progress, milestone: { name: string; url: string; earned: boolean } | undefined): SafeHtml {
  const badge = milestone && html`<a href="${httpUrl(milestone.url)}">${milestone.name}</a>`;
  const award = milestone && (milestone.earned ? html`<p>You have earned its milestone badge, ${badge}: it is in your passport.</p>` : met ? html`<p>Its milestone badge, ${badge}, is on its way to your passport.</p>` : html`<p>Complete it to earn ${badge}.</p>`);
  return html`<section class="status ${met ? 'status-valid' : 'status-expired'}" aria-labelledby="progress">
<span class="status-icon" aria-hidden="true">${met ? '✓' : '…'}</span>
<div><h2 class="visually-hidden" id="progress">Your progress</h2>
<p>${met ? html`<strong>Complete:</strong> you have done every step this pathway asks for.` : html`<strong>In progress:</strong> ${done} of ${steps} steps done; those you have done are marked below.`}</p>
${award}</div>
</section>`;
}

function stepList(rule: Rule, model: PathwayPageModel, isDone: (leaf: Leaf) => boolean): SafeHtml {
  const group: RuleGroup = rule.type === 'group' ? rule : { type: 'group', of: [rule] };
  const items = group.of.map((child) => (child.type === 'group' ? html`<li class="step-group">${stepList(child, model, isDone)}</li>` : html`<li class="step">${step(child, model, isDone(child))}</li>`));
  const heading = html`<p class="group-heading">${group.name ? html`<strong>${group.name}.</strong> ` : ''}${groupHeading(group)}${group.order === 'suggested' ? ' (we suggest this order)' : ''}:</p>`;
  const list = group.order ? html`<ol class="steps">${items}</ol>` : html`<ul class="steps">${items}</ul>`;
  return html`${heading}${windowNote(group)}${list}`;
}

function windowNote(group: RuleGroup): SafeHtml | undefined {
  const w = group.window;
  if (!w) return undefined;
  const parts = [
    ...(w.withinDays ? [`all within ${w.withinDays} days of each other`] : []),
    ...(w.from ? [`earned on or after ${formatDate(new Date(w.from))}`] : []),
    ...(w.until ? [`earned by ${formatDate(new Date(w.until))}`] : []),
  ];
  return html`<p class="meta">Badges count when ${parts.join(' and ')}.</p>`;
}

function step(leaf: Leaf, model: PathwayPageModel, done: boolean): SafeHtml {
  const doneMark = done ? html` <span class="done">Done</span>` : '';
  if (leaf.type === 'opportunity') {
    const opportunity = model.opportunities.get(leaf.opportunityId);
    if (!opportunity) return html`<h3>An opportunity that is no longer listed${doneMark}</h3>`;
    return html`<h3><span class="step-kind">${kindName(opportunity.kind)}:</span> <a href="${httpUrl(opportunity.url)}">${opportunity.title}</a>${doneMark}</h3>
<p class="meta">${opportunity.provider}</p>
<p class="meta">${opportunity.when}${opportunity.full ? ' (full)' : ''}</p>
<p class="meta">${opportunity.where}</p>`;
  }
  const badgeClass = model.badgeClasses.get(leaf.badgeClassId);
  if (!badgeClass) return html`<h3>A badge that is no longer offered${doneMark}</h3>`;
  const places = model.whereToEarn.get(leaf.badgeClassId) ?? [];
  return html`<div class="step-badge"><img src="${httpUrl(badgeClass.imageUrl)}" alt="" width="56" height="56"><div>
<h3><span class="step-kind">Badge:</span> <a href="${httpUrl(badgeClass.url)}">${badgeClass.name}</a>${doneMark}</h3>
<p>${summarise(badgeClass.description, 200)}</p>
<p class="meta">Issued by ${badgeClass.provider}</p>
</div></div>
<h4>Where and when to earn it</h4>
${
  places.length === 0
    ? html`<p class="meta">No listed opportunity awards this badge right now: ask ${badgeClass.provider}.</p>`
    : html`<ul class="plain where">${places.slice(0, SHOWN_PER_STEP).map((o) => html`<li><a href="${httpUrl(o.url)}">${o.title}</a>${o.full ? ' (full)' : ''}<span class="meta">${o.when} · ${o.where}</span></li>`)}</ul>`
}`;
}

const opportunityFacts = (o: StepOpportunity) => html`<dl class="facts">
<dt>Who</dt><dd>${o.provider}</dd>
<dt>When</dt><dd>${o.when}${o.full ? ' (full)' : ''}</dd>
<dt>Where</dt><dd>${o.where}</dd>
</dl>`;

const milestoneSection = (milestone: NonNullable<PathwayPageModel['milestone']>) => html`<section class="card" aria-labelledby="milestone-heading">
<h2 id="milestone-heading">The milestone badge</h2>
<div class="step-badge"><img src="${httpUrl(milestone.imageUrl)}" alt="" width="72" height="72"><div>
<p>Complete the steps and the city awards you <a href="${httpUrl(milestone.url)}">${milestone.name}</a>, once, listing the badges that earned it.</p>
</div></div>
</section>`;

const destinationSection = (destination: NonNullable<PathwayPageModel['destination']>) => html`<section class="card" aria-labelledby="destination-heading">
<h2 id="destination-heading">Where it leads: ${DESTINATION_NAMES[destination.kind].toLowerCase()}</h2>
<p><a href="${httpUrl(destination.url)}">${destination.name}</a></p>
${destination.opportunity && opportunityFacts(destination.opportunity)}
</section>`;

const pageStyles = `
.group-heading{margin:.5rem 0}
.steps{margin:0;padding-left:1.25rem;display:grid;gap:.75rem}
ul.steps{list-style:none;padding-left:0}
.step{padding:.625rem .75rem;border:1px solid var(--line);border-left:5px solid var(--secondary);border-radius:10px}
.step-group{padding:.25rem 0 .25rem .5rem;border-left:3px dashed var(--line)}
.step h3{margin:0;font-size:1.0625rem}
.step h4{margin:.75rem 0 .25rem;font-size:.9375rem}
.step p{margin:.25rem 0 0}
.step-kind{color:var(--muted);font-weight:600}
.step-badge{display:flex;gap:.75rem;align-items:flex-start}
.step-badge img{flex:none;width:2.5rem;height:2.5rem;object-fit:contain}
@media (min-width:40rem){.step-badge img{width:3.5rem;height:3.5rem}ol.steps{padding-left:1.5rem}.step{padding:.75rem .875rem}}
.where li+li{margin-top:.375rem}
.where .meta{display:block}
.done{display:inline-block;margin-left:.375rem;padding:0 .5rem;border-radius:999px;background:#1a7f37;color:#fff;font-size:.8125rem}
`;
