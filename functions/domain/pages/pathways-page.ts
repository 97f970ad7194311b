// The city's pathways: every published one (or those through one skill), by name, each with where it
// leads and how many steps it has.
import type { DestinationKind } from '../pathways';
import { html, httpUrl } from './html';
import { renderDocument, type PageCity } from './layout';

export interface PathwaysPageModel {
  city: PageCity;
  /** The skill listed by, if any (its id). */
  skill?: string;
  pathways: { name: string; url: string; summary: string; providerName: string; steps: number; milestoneBadgeClassId?: string; destination?: { kind: DestinationKind; name: string } }[];
  nextUrl?: string;
}

const LEADS_TO: Record<DestinationKind, string> = { 'further-learning': 'further learning', apprenticeship: 'an apprenticeship', job: 'a job' };

export function renderPathwaysPage(model: PathwaysPageModel): string {
  const { city } = model;
  const url = `${city.baseUrl}/pathways${model.skill ? `?skill=${encodeURIComponent(model.skill)}` : ''}`;
  const title = model.skill ? `Pathways through ${model.skill}` : 'Pathways';
  const items = model.pathways.map(
    (p) => html`<h2><a href="${httpUrl(p.url)}">${p.name}</a></h2>
<p>${p.summary}</p>
<dl class="facts">
<dt>Made by</dt><dd>${p.providerName}</dd>
<dt>Steps</dt><dd>${p.steps}${p.milestoneBadgeClassId ? ', then a milestone badge' : ''}</dd>
${p.destination && html`<dt>Leads to</dt><dd>${LEADS_TO[p.destination.kind]}: ${p.destination.name}</dd>`}
</dl>`,
  );
  const next = httpUrl(model.nextUrl);
  return renderDocument({
    city,
    title,
    description: `Pathways of ${city.branding.displayName}: badges and opportunities, step by step, into further learning and work.`,
    url,
    head: html`<link rel="alternate" type="application/json" href="${httpUrl(url)}">
<style>.pathways{display:grid;gap:1rem;margin-top:1rem}.pathways h2{margin:0 0 .25rem;font-size:1.25rem}.pathways p{margin:0 0 .5rem}</style>`,
    main: html`<div class="card">
<h1>${title}</h1>
<p>Each pathway is a set of steps (badges to earn, opportunities to take part in) that leads somewhere: further learning, an apprenticeship or a job. Complete the steps and many award a milestone badge.</p>
</div>
${model.pathways.length === 0 ? html`<p class="card">No pathways are published${model.skill ? ' through this skill' : ''} yet.</p>` : html`<ol class="plain pathways">${items.map((i) => html`<li class="card">${i}</li>`)}</ol>`}
${next && html`<p><a class="button" href="${next}">More pathways</a></p>`}`,
  });
}
