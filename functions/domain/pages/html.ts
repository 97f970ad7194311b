// Markup without a template engine: `html` is a tagged template whose interpolations are escaped unless
// they are markup built by `html` itself (or explicitly marked safe), so text from issuers and learners
// can never become markup. Attribute values must be double-quoted in the templates: escaping both kinds
// of quote keeps an interpolation inside the attribute it was written in.

/** Markup that is already safe to emit: built by `html`, or marked with `markSafe`. */
export class SafeHtml {
  constructor(readonly markup: string) {}
}

/** What a template may interpolate: text (escaped), markup, lists of either, or nothing (false for `cond && …`). */
export type Interpolation = string | number | SafeHtml | null | undefined | false | readonly Interpolation[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). In text
 * from issuers they can make a page read differently from what it says ("Trojan Source"): a badge
 * name that shows as another, a reason reversed. They are removed; text that needs another direction
 * still gets it from the Unicode bidi algorithm, and pages isolate such text where it sits in a sentence.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** The one escaping of text for pages, in content and in attributes alike. */
export const escapeHtml = (text: string): string => text.replace(BIDI_CONTROLS, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, literal, i) => out + render(values[i - 1]) + literal));
}

/** For markup the code itself generated, such as the stylesheet: never for anything that came in as data. */
export const markSafe = (markup: string): SafeHtml => new SafeHtml(markup);

/**
 * The URL, normalised, if it may become an href or src: only absolute http(s) URLs. Anything else
 * (`javascript:`, `data:`, relative or unparseable) is dropped, so callers render text without a link.
 */
export function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A link when the URL is http(s), otherwise just its content: a bad URL loses its link, not its text. */
export function link(url: string | undefined, content: Interpolation): SafeHtml {
  const href = httpUrl(url);
  return href === undefined ? html`${content}` : html`<a href="${href}">${content}</a>`;
}
