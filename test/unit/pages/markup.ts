// Just enough reading of generated markup for assertions, without a DOM: the markup is ours, and these
// helpers are strict about its shape, so an injection shows up as markup they refuse.

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
export const decodeEntities = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (entity) => ENTITIES[entity]!);

/** Tag names the pages may contain; anything else got in from data. */
export const PAGE_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'link', 'style', 'body', 'a', 'header', 'div', 'p', 'main', 'footer', 'article', 'img',
  'dl', 'dt', 'dd', 'time', 'section', 'span', 'h1', 'h2', 'h3', 'strong', 'ul', 'ol', 'li', 'bdi',
]);

// A start tag whose attributes are all double-quoted (or bare, like `download`), or an end tag.
const START_TAG = /^<([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9:-]*(?:="[^"<>]*")?)*)\s*\/?>/;
const END_TAG = /^<\/([a-z][a-z0-9]*)\s*>/;
const ATTRIBUTE = /\s+([a-z][a-z0-9:-]*)(?:="([^"]*)")?/g;

export interface Tag {
  name: string;
  attributes: Record<string, string>;
}

/** Every tag of a generated document; throws at any `<` that does not start one of the strict shapes above. */
export function tagsOf(document: string): Tag[] {
  const body = document.replace(/^<!doctype html>/, '').replace(/<style>[^<]*<\/style>/, '<style></style>');
  const tags: Tag[] = [];
  for (let at = body.indexOf('<'); at !== -1; at = body.indexOf('<', at + 1)) {
    const rest = body.slice(at);
    const end = END_TAG.exec(rest);
    if (end) continue;
    const start = START_TAG.exec(rest);
    if (!start) throw new Error(`Not a well-formed tag at ${at}: ${rest.slice(0, 80)}`);
    const attributes: Record<string, string> = {};
    for (const [, name, value] of start[2]!.matchAll(ATTRIBUTE)) attributes[name!] = decodeEntities(value ?? '');
    tags.push({ name: start[1]!, attributes });
  }
  return tags;
}

/** The content of each <meta property|name=…>, decoded. */
export function metaOf(document: string): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const { name, attributes } of tagsOf(document)) {
    const key = attributes.property ?? attributes.name;
    if (name === 'meta' && key !== undefined) meta[key] = attributes.content ?? '';
  }
  return meta;
}

/** The text of the document as read: tags gone (inline ones without a gap), entities decoded, whitespace collapsed. */
export const textOf = (document: string) =>
  decodeEntities(
    document
      .replace(/<style>[^<]*<\/style>/, '')
      .replace(/<\/?(a|time|strong|span)\b[^>]*>/g, '')
      .replace(/<[^>]*>/g, ' '),
  ).replace(/\s+/g, ' ');

export const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;
