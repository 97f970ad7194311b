// The skills profile as a chart: one horizontal bar per skill the learner has shown, as long as the
// level reached (out of the spine's levels), in SVG with a title and description, drawn in the city's
// colours; and the same figures as a table beside it, which is what assistive technology reads (the
// SVG is marked as an image with a text alternative). Sized in viewBox units: it scales to 320 px.
import type { SkillStanding } from '../passport/skills-profile';
import { html, type SafeHtml } from './html';

const ROW = 28;
const LABEL = 150;
const BAR = 200;

const levelName = (s: SkillStanding) => (s.reached === 0 ? 'shown, no level yet' : s.levels[s.reached - 1]!.name);

export function skillsChart(profile: readonly SkillStanding[], colours: { bar: string; track: string; text: string }): SafeHtml {
  const shown = profile.filter((s) => s.shown);
  if (shown.length === 0) return html`<p>Your skills show here once you hold a badge that names one.</p>`;
  const height = shown.length * ROW + 8;
  const summary = shown.map((s) => `${s.name}: ${levelName(s)}`).join('; ');
  const bars = shown.map((s, i) => {
    const y = i * ROW + 4;
    const steps = Math.max(1, s.levels.length);
    const width = s.reached === 0 ? 6 : Math.round((BAR * s.reached) / steps);
    return html`<text x="0" y="${y + 17}" font-size="13" fill="${colours.text}">${s.name.length > 20 ? `${s.name.slice(0, 19)}…` : s.name}</text>
<rect x="${LABEL}" y="${y + 4}" width="${BAR}" height="16" rx="3" fill="${colours.track}"/>
<rect x="${LABEL}" y="${y + 4}" width="${width}" height="16" rx="3" fill="${colours.bar}"/>`;
  });
  return html`<div class="skills-profile">
<svg class="skills-chart" role="img" aria-labelledby="skills-chart-title skills-chart-desc" viewBox="0 0 ${LABEL + BAR + 4} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
<title id="skills-chart-title">Your skills, by the highest level your badges show</title>
<desc id="skills-chart-desc">${summary}</desc>
${bars}
</svg>
<table class="skills-table">
<caption>Your skills, by the highest level your badges show</caption>
<thead><tr><th scope="col">Skill</th><th scope="col">Level</th><th scope="col">Badges</th></tr></thead>
<tbody>${shown.map((s) => html`<tr><th scope="row">${s.name}</th><td>${levelName(s)}${s.levels.length > 0 && s.reached > 0 ? ` (${s.reached} of ${s.levels.length})` : ''}</td><td>${s.badges}</td></tr>`)}</tbody>
</table>
</div>`;
}
