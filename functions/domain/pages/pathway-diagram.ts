// A pathway's steps drawn as a diagram: server-rendered SVG, top to bottom, so that it reads at 320 px
// as it does on a desktop (the viewBox is phone-width and scales up to at most twice that). Groups are
// drawn as a bracket with what they ask ("Any 1 of these 3"), a required order as solid arrows, a
// suggested one as dashed arrows; the milestone and the destination come last. It is a picture of the
// list that follows it on the page (the accessible version, with everything the diagram shows).
// Its viewBox is about a phone's content width, so its 14 px text stays about that size on every screen.
import type { Rule, RuleGroup } from '../pathway-rules';
import { html, type SafeHtml } from './html';

export interface DiagramStep {
  /** What the step is: "Badge", "Course", "Job"… */
  kind: string;
  name: string;
  /** Done by the signed-in learner (when there is one). */
  done?: boolean;
}

export interface DiagramInput {
  rule: Rule;
  step: (leaf: Exclude<Rule, { type: 'group' }>) => DiagramStep;
  milestone?: string;
  destination?: { kind: string; name: string };
}

const WIDTH = 280;
const INDENT = 16;
const LINE = 17;
const CHARS_PER_PX = 1 / 7.4;
const GAP = 10;
const ARROW = 22;

/** Up to two lines of at most `width` pixels of text, the second cut with an ellipsis. */
export function wrapText(text: string, width: number): string[] {
  const max = Math.max(8, Math.floor(width * CHARS_PER_PX));
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= max) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    line = word.length > max ? `${word.slice(0, max - 1)}…` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= 2) return lines;
  // The second line ends in an ellipsis: whole words that leave room for it.
  const words2 = lines[1]!.split(' ');
  while (words2.length > 1 && words2.join(' ').length > max - 1) words2.pop();
  const second = words2.join(' ');
  return [lines[0]!, `${second.length > max - 1 ? second.slice(0, max - 1) : second}…`];
}

/** What a group asks for, in a few words. */
export function groupHeading(group: RuleGroup): string {
  const n = group.of.length;
  const required = group.required ?? n;
  const base = required === n ? (n === 1 ? 'This step' : n === 2 ? 'Both of these' : `All ${n} of these`) : `Any ${required} of these ${n}`;
  const distinct = group.distinct ? `, from ${required} different ${group.distinct === 'tag' ? 'tags' : 'skill groups'}` : '';
  const order = group.order === 'required' ? ', in order' : '';
  return `${base}${distinct}${order}`;
}

interface Drawn {
  markup: SafeHtml[];
  height: number;
}

function box(x: number, y: number, width: number, step: DiagramStep, variant: 'step' | 'milestone' | 'destination'): Drawn {
  const lines = wrapText(step.name, width - 24);
  const height = 28 + lines.length * LINE;
  const text = lines.map((line, i) => html`<tspan x="${x + 12}" y="${y + 38 + i * LINE}">${line}</tspan>`);
  return {
    height,
    markup: [
      html`<g class="pd-${variant}${step.done ? ' pd-done' : ''}"><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="9"/><text class="pd-kind" x="${x + 12}" y="${y + 18}">${step.kind}${step.done ? ' · done' : ''}</text><text class="pd-name">${text}</text></g>`,
    ],
  };
}

function arrow(x: number, y: number, length: number, dashed: boolean): SafeHtml {
  return html`<line class="pd-arrow${dashed ? ' pd-suggested' : ''}" x1="${x}" y1="${y + 3}" x2="${x}" y2="${y + length - 5}" marker-end="url(#pd-head)"/>`;
}

function draw(rule: Rule, input: DiagramInput, x: number, y: number): Drawn {
  const width = WIDTH - x - 2;
  if (rule.type !== 'group') return box(x, y, width, input.step(rule), 'step');
  const markup: SafeHtml[] = [];
  const heading = wrapText(rule.name ? `${rule.name}: ${groupHeading(rule)}` : groupHeading(rule), width - 4);
  heading.forEach((line, i) => markup.push(html`<text class="pd-group" x="${x}" y="${y + 14 + i * LINE}">${line}</text>`));
  let cursor = y + 8 + heading.length * LINE;
  const top = cursor;
  rule.of.forEach((child, i) => {
    if (i > 0) {
      if (rule.order) {
        markup.push(arrow(x + INDENT + 24, cursor, ARROW, rule.order === 'suggested'));
        cursor += ARROW;
      } else cursor += GAP;
    }
    const drawn = draw(child, input, x + INDENT, cursor);
    markup.push(...drawn.markup);
    cursor += drawn.height;
  });
  markup.push(html`<path class="pd-bracket" d="M${x + 9} ${top} h-4 V${cursor} h4"/>`);
  return { markup, height: cursor - y };
}

/** The diagram; `title` names it for assistive technology, which is pointed to the list instead. */
export function pathwayDiagram(input: DiagramInput, labelledBy: string): SafeHtml {
  const drawn = draw(input.rule, input, 2, 2);
  const markup = [...drawn.markup];
  let cursor = 2 + drawn.height;
  const ends = [
    ...(input.milestone ? [{ step: { kind: 'Milestone badge', name: input.milestone }, variant: 'milestone' as const }] : []),
    ...(input.destination ? [{ step: input.destination, variant: 'destination' as const }] : []),
  ];
  for (const end of ends) {
    markup.push(arrow(40, cursor, ARROW + 4, false));
    cursor += ARROW + 4;
    const drawnEnd = box(2, cursor, WIDTH - 4, end.step, end.variant);
    markup.push(...drawnEnd.markup);
    cursor += drawnEnd.height;
  }
  const height = cursor + 4;
  return html`<svg class="pd" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${labelledBy}" focusable="false">
<defs><marker id="pd-head" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" class="pd-head"/></marker></defs>
${markup}
</svg>`;
}

/** The diagram's own styles, in the page's colours. */
export const diagramStyles = `
.pd{display:block;width:100%;max-width:24rem;height:auto;margin:1rem auto 0}
.pd text{font:14px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#1f2328}
.pd .pd-kind{font-size:11px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;fill:#4b5563}
.pd .pd-group{font-size:13px;font-weight:700}
.pd rect{fill:#fff;stroke:#9aa1a9;stroke-width:1.5}
.pd .pd-milestone rect{fill:var(--tint);stroke:var(--secondary);stroke-width:2.5}
.pd .pd-destination rect{fill:var(--primary);stroke:var(--primary)}
.pd .pd-destination text{fill:var(--on-primary)}
.pd .pd-done rect{stroke:#1a7f37;stroke-width:3}
.pd-arrow{stroke:#4b5563;stroke-width:2}
.pd-suggested{stroke-dasharray:5 4}
.pd-head{fill:#4b5563}
.pd-bracket{fill:none;stroke:var(--secondary);stroke-width:3}
`;
