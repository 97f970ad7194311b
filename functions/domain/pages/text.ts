// Free text from issuers (descriptions, criteria, evidence narratives) shown as text, never as markup.
import { html, type SafeHtml } from './html';

/**
 * Paragraphs split at blank lines. Single line breaks stay line breaks (the stylesheet gives
 * `.prose p` `white-space: pre-line`), so a narrative's lists and addresses keep their shape.
 */
export function paragraphs(text: string): SafeHtml {
  const parts = text
    .split(/\r?\n\s*\r?\n/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return html`${parts.map((part) => html`<p>${part}</p>`)}`;
}

/** One line of at most `max` characters, cut at a word where it can be, for share previews. */
export function summarise(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  // Counted in code points, so a cut never splits an emoji into half a surrogate pair.
  const chars = Array.from(line);
  if (chars.length <= max) return line;
  // A space just past the last character kept still counts: the word before it is whole.
  const window = chars.slice(0, max).join('');
  const lastSpace = window.lastIndexOf(' ');
  const cut = lastSpace > window.length / 2 ? window.slice(0, lastSpace) : chars.slice(0, max - 1).join('');
  return `${cut.trimEnd()}…`;
}
