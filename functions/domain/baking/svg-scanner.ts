// Just enough of an XML 1.0 + Namespaces reader to bake SVG without a parser dependency: it finds the
// root element past the prolog (XML declaration, comments, processing instructions, DOCTYPE with its
// internal subset), then walks the content with a namespace scope per element, so that markup inside
// comments, CDATA sections and attribute values is never taken for an element, and elements are matched
// by namespace URI, as validators match them. It reports positions, so that callers can splice the text.
// Not done: entity expansion (the DTD is skipped; entity references other than the five predefined and
// character references stay as written) and the finer well-formedness rules (name characters,
// duplicate attributes).
import { BakingError } from './errors';

export interface StartTag {
  /** Qualified name, e.g. `svg` or `openbadges:assertion`. */
  name: string;
  /** Offset of `<`. */
  start: number;
  /** Offset just past the last attribute: where one more attribute can go. */
  attributesEnd: number;
  /** Offset just past `>`. */
  end: number;
  selfClosing: boolean;
  /** Attribute values as written, between the quotes. */
  attributes: Map<string, string>;
}

export interface MatchedElement<T> {
  match: T;
  tag: StartTag;
  /** Offset just past the end tag (or the empty-element tag). */
  end: number;
  /** The character data inside, CDATA sections and references resolved, comments left out. */
  text: string;
}

export interface SvgDocument<T> {
  root: StartTag;
  /** The `encoding` of the XML declaration, when there is one that names it. */
  declaredEncoding: string | undefined;
  /** The elements `match` recognised, in document order (one inside another counts only as text of the outer). */
  elements: MatchedElement<T>[];
}

/** Tells which elements to report, from their namespace URI (undefined when none) and local name. */
export type ElementMatcher<T> = (namespace: string | undefined, localName: string) => T | undefined;

const NAME = /[^ \t\r\n/>=<"']+/y;
const ATTRIBUTE = /[ \t\r\n]+([^ \t\r\n/>=<"']+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /[ \t\r\n]*(\/?)>/y;
const END_TAG = /<\/([^ \t\r\n/>=<"']+)[ \t\r\n]*>/y;
const XML_DECLARATION = /^<\?xml[ \t\r\n]/;
const ENCODING = /[ \t\r\n]encoding[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')/;
const WHITESPACE = /[ \t\r\n]*/y;
const REFERENCE = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

const malformed = (detail: string) => new BakingError('malformed-svg', `The SVG is not well-formed XML: ${detail}`);

export function scanSvg<T>(svg: string, match: ElementMatcher<T>): SvgDocument<T> {
  const { root, declaredEncoding } = readProlog(svg);
  if (splitName(root.name).local !== 'svg') throw new BakingError('not-svg', `The root element is <${root.name}>, not <svg>`);
  const elements: MatchedElement<T>[] = [];
  readMisc(svg, root.selfClosing ? root.end : readContent(svg, root, match, elements));
  return { root, declaredEncoding, elements };
}

/** An attribute's value as XML reads it: line breaks and tabs normalised to spaces, references resolved. */
export const attributeValue = (tag: StartTag, name: string) => {
  const raw = tag.attributes.get(name);
  return raw === undefined ? undefined : resolveReferences(raw.replace(/\r\n|[\t\n\r]/g, ' '));
};

interface Scope<T> {
  name: string;
  namespaces: Map<string, string> | undefined;
  matched: { match: T; tag: StartTag } | undefined;
}

/** Walks the root's content, reporting matched elements into `elements`; returns the offset past the root's end tag. */
function readContent<T>(svg: string, root: StartTag, match: ElementMatcher<T>, elements: MatchedElement<T>[]): number {
  const scopes: Scope<T>[] = [{ name: root.name, namespaces: declarationsOf(root), matched: undefined }];
  // The character data of the matched element being read, if any.
  let text: string[] | undefined;
  let at = root.end;
  while (scopes.length) {
    const open = svg.indexOf('<', at);
    if (open < 0) throw malformed(`<${scopes.at(-1)!.name}> is never closed`);
    text?.push(resolveReferences(svg.slice(at, open)));
    if (svg.startsWith('<!--', open)) {
      at = after(svg, '-->', open + 4, 'a comment is never closed');
    } else if (svg.startsWith('<![CDATA[', open)) {
      at = after(svg, ']]>', open + 9, 'a CDATA section is never closed');
      text?.push(svg.slice(open + 9, at - 3));
    } else if (svg.startsWith('<?', open)) {
      at = after(svg, '?>', open + 2, 'a processing instruction is never closed');
    } else if (svg.startsWith('</', open)) {
      END_TAG.lastIndex = open;
      const endTag = END_TAG.exec(svg);
      const scope = scopes.pop()!;
      if (!endTag || endTag[1] !== scope.name) throw malformed(`<${scope.name}> is closed by something else at offset ${open}`);
      at = END_TAG.lastIndex;
      if (scope.matched) {
        elements.push({ ...scope.matched, end: at, text: text!.join('') });
        text = undefined;
      }
    } else if (svg.startsWith('<!', open)) {
      throw malformed(`unexpected markup declaration at offset ${open}`);
    } else {
      const tag = readStartTag(svg, open);
      const scope: Scope<T> = { name: tag.name, namespaces: declarationsOf(tag), matched: undefined };
      scopes.push(scope);
      if (!text) {
        const { prefix, local } = splitName(tag.name);
        const found = match(namespaceOf(scopes, prefix), local);
        if (found !== undefined) {
          scope.matched = { match: found, tag };
          text = [];
        }
      }
      at = tag.end;
      if (tag.selfClosing) {
        scopes.pop();
        if (scope.matched) {
          elements.push({ ...scope.matched, end: at, text: '' });
          text = undefined;
        }
      }
    }
  }
  return at;
}

function readProlog(svg: string): { root: StartTag; declaredEncoding: string | undefined } {
  let declaredEncoding: string | undefined;
  let at = svg.startsWith('\uFEFF') ? 1 : 0;
  for (;;) {
    at = skipWhitespace(svg, at);
    if (at >= svg.length) throw new BakingError('not-svg', 'The document has no root element');
    if (svg.startsWith('<?', at)) {
      const end = after(svg, '?>', at + 2, 'a processing instruction is never closed');
      const instruction = svg.slice(at, end);
      if (XML_DECLARATION.test(instruction)) {
        const encoding = ENCODING.exec(instruction);
        declaredEncoding = encoding?.[1] ?? encoding?.[2];
      }
      at = end;
    } else if (svg.startsWith('<!--', at)) {
      at = after(svg, '-->', at + 4, 'a comment is never closed');
    } else if (svg.startsWith('<!DOCTYPE', at)) {
      at = skipDoctype(svg, at + 9);
    } else if (svg[at] === '<' && svg[at + 1] !== '!' && svg[at + 1] !== '/') {
      return { root: readStartTag(svg, at), declaredEncoding };
    } else {
      throw new BakingError('not-svg', `The document does not start with XML markup (offset ${at})`);
    }
  }
}

/** Past the DOCTYPE's `>`, skipping quoted literals, comments and processing instructions in the internal subset. */
function skipDoctype(svg: string, from: number): number {
  let inSubset = false;
  for (let at = from; at < svg.length; at++) {
    const c = svg[at];
    if (c === '"' || c === "'") {
      at = svg.indexOf(c, at + 1);
      if (at < 0) break;
    } else if (inSubset && svg.startsWith('<!--', at)) {
      at = after(svg, '-->', at + 4, 'a comment in the DOCTYPE is never closed') - 1;
    } else if (inSubset && svg.startsWith('<?', at)) {
      at = after(svg, '?>', at + 2, 'a processing instruction in the DOCTYPE is never closed') - 1;
    } else if (c === '[') {
      inSubset = true;
    } else if (c === ']') {
      inSubset = false;
    } else if (c === '>' && !inSubset) {
      return at + 1;
    }
  }
  throw malformed('the DOCTYPE is never closed');
}

function readStartTag(svg: string, start: number): StartTag {
  NAME.lastIndex = start + 1;
  const name = NAME.exec(svg)?.[0];
  if (!name) throw malformed(`a tag without a name at offset ${start}`);
  const attributes = new Map<string, string>();
  let at = NAME.lastIndex;
  for (;;) {
    ATTRIBUTE.lastIndex = at;
    const attribute = ATTRIBUTE.exec(svg);
    if (!attribute) break;
    attributes.set(attribute[1]!, attribute[2] ?? attribute[3]!);
    at = ATTRIBUTE.lastIndex;
  }
  TAG_END.lastIndex = at;
  const tagEnd = TAG_END.exec(svg);
  if (!tagEnd) throw malformed(`the tag <${name}> at offset ${start} is not closed properly`);
  return { name, start, attributesEnd: at, end: TAG_END.lastIndex, selfClosing: tagEnd[1] === '/', attributes };
}

/** After the root element only comments, processing instructions and whitespace may follow. */
function readMisc(svg: string, from: number) {
  let at = skipWhitespace(svg, from);
  while (at < svg.length) {
    if (svg.startsWith('<!--', at)) at = after(svg, '-->', at + 4, 'a comment is never closed');
    else if (svg.startsWith('<?', at)) at = after(svg, '?>', at + 2, 'a processing instruction is never closed');
    else throw malformed(`content after the root element at offset ${at}`);
    at = skipWhitespace(svg, at);
  }
}

function declarationsOf(tag: StartTag): Map<string, string> | undefined {
  let namespaces: Map<string, string> | undefined;
  for (const name of tag.attributes.keys()) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    namespaces ??= new Map();
    namespaces.set(name === 'xmlns' ? '' : name.slice(6), attributeValue(tag, name)!);
  }
  return namespaces;
}

/** The namespace URI a prefix ('' for the default namespace) stands for, innermost declaration first. */
function namespaceOf(scopes: Scope<unknown>[], prefix: string): string | undefined {
  if (prefix === 'xml') return XML_NAMESPACE;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const uri = scopes[i]!.namespaces?.get(prefix);
    // An empty default namespace declaration undeclares it.
    if (uri !== undefined) return uri === '' ? undefined : uri;
  }
  return undefined;
}

function splitName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon < 0 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

function resolveReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (reference, hex?: string, decimal?: string, named?: string) => {
    if (named) return PREDEFINED[named]!;
    const codePoint = hex ? parseInt(hex, 16) : Number(decimal);
    if (codePoint > 0x10ffff) throw malformed(`the character reference ${reference} is out of range`);
    return String.fromCodePoint(codePoint);
  });
}

function after(svg: string, terminator: string, from: number, problem: string): number {
  const at = svg.indexOf(terminator, from);
  if (at < 0) throw malformed(problem);
  return at + terminator.length;
}

function skipWhitespace(svg: string, from: number): number {
  WHITESPACE.lastIndex = from;
  WHITESPACE.exec(svg);
  return WHITESPACE.lastIndex;
}
