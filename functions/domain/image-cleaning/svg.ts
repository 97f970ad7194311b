// An uploaded SVG, parsed as XML and written out again with only static drawing kept. The parser is
// saxes: the strict, namespace-aware XML 1.0 parser jsdom uses (conformance-tested against the W3C XML
// test suite). It never reads a DTD, so it expands no entity beyond the five predefined ones and
// character references, and it resolves every prefix to its namespace URI, which is what a browser
// matches on (`<s:script>` with s bound to the SVG namespace is a script; a regex cannot know that).
// A streaming parser suits the job: the cleaner decides element by element and writes as it goes.
//
// Refused (400, naming what and on which line): a DOCTYPE (and with it every entity), an
// `xml-stylesheet` instruction, elements that run or embed (script, foreignObject, animation…, in any
// namespace), event-handler attributes (`on…`, in any namespace), `javascript:` however it is spelled
// (character references, whitespace, case), references that leave the image (any `href` but `#id`, CSS
// `url()` but `url(#id)`, `@import`, `image-set()` and the like), CSS escapes (they could spell any of
// those) and non-UTF-8 encodings. Dropped: comments, processing instructions, elements not on the
// allow-list (svg-allow-list.ts) with their content, attributes not on it. What is kept is written in
// the SVG namespace without prefixes, attribute values and text re-escaped.
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { DomainError, invalid } from '../errors';
import { ACTIVE_ELEMENTS, ATTRIBUTES, ELEMENTS, SVG_NAMESPACE, TEXT_ELEMENTS, XLINK_NAMESPACE, XML_ATTRIBUTES, XML_NAMESPACE } from './svg-allow-list';

const ACTIVE = new Set([...ACTIVE_ELEMENTS].map((name) => name.toLowerCase()));
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What the uploader is told: the body is refused as a whole, with the reason. */
const refuse = (detail: string) => invalid([{ in: 'body', field: '', detail }]);

/** `javascript:` as a URL parser reads it: ASCII whitespace and controls anywhere are ignored, case too. */
// eslint-disable-next-line no-control-regex -- the controls are exactly what is stripped
const normaliseUrl = (value: string) => value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();

const SCRIPT_URL = /^(?:javascript|vbscript|livescript):/;

// CSS functions that fetch what they name: only url() is allowed, and only to a fragment of the image.
const CSS_FETCHING = /(?<![\w-])(url|src|image-set|-webkit-image-set|image|cross-fade|element)\s*\(/gi;

export function cleanSvg(data: Buffer): Buffer {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    throw refuse('is not UTF-8 text');
  }
  const cleaner = new SvgCleaner();
  return Buffer.from(cleaner.clean(text), 'utf8');
}

interface Open {
  /** Written to the output; false inside a dropped element. */
  kept: boolean;
  local: string;
  /** Whether anything was written inside it yet (else it closes as an empty-element tag). */
  hasContent: boolean;
  /** The character data of a <style>, checked as a whole when it closes. */
  style?: string[];
}

class SvgCleaner {
  private readonly parser = new SaxesParser({ xmlns: true });
  private readonly out: string[] = [];
  private readonly open: Open[] = [];
  private usesXlink = false;
  private sawRoot = false;

  clean(text: string): string {
    const { parser } = this;
    parser.on('xmldecl', ({ encoding }) => {
      if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) throw refuse(`declares the encoding ${encoding}: only UTF-8 SVG is accepted`);
    });
    parser.on('doctype', () => {
      throw this.refuseHere('has a DOCTYPE: DTDs and entity declarations are not allowed (remove the <!DOCTYPE …> line)');
    });
    parser.on('processinginstruction', ({ target }) => {
      if (target.toLowerCase() === 'xml-stylesheet') throw this.refuseHere('links a stylesheet (<?xml-stylesheet?>): external CSS is not allowed');
    });
    parser.on('opentag', (tag) => this.openTag(tag));
    parser.on('closetag', () => this.closeTag());
    parser.on('text', (chars) => this.text(chars));
    parser.on('cdata', (chars) => this.text(chars));
    try {
      parser.write(text).close();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw refuse(`is not well-formed XML: ${(error as Error).message}`);
    }
    const rootAttributes = ` xmlns="${SVG_NAMESPACE}"${this.usesXlink ? ` xmlns:xlink="${XLINK_NAMESPACE}"` : ''}`;
    // The root's start tag was written without its namespace declarations: they are known only now.
    this.out[0] = this.out[0]!.replace(/^<svg/, `<svg${rootAttributes}`);
    return this.out.join('');
  }

  private refuseHere(detail: string) {
    return refuse(`${detail} (line ${this.parser.line})`);
  }

  private openTag(tag: SaxesTagNS) {
    const { local, uri } = tag;
    const parent = this.open.at(-1);
    if (!this.sawRoot) {
      if (uri !== SVG_NAMESPACE || local !== 'svg') throw refuse(`has the root element <${tag.name}>${uri ? ` in ${uri}` : ''}, not <svg> in the SVG namespace`);
      this.sawRoot = true;
    }
    if (ACTIVE.has(local.toLowerCase())) throw this.refuseHere(`contains <${tag.name}>: scripts, embedded documents and animation are not allowed`);
    const attributes = Object.values(tag.attributes);
    for (const attribute of attributes) this.checkAttribute(tag, attribute);
    const kept = (parent?.kept ?? true) && uri === SVG_NAMESPACE && ELEMENTS.has(local);
    const element: Open = { kept, local, hasContent: false, ...(local === 'style' ? { style: [] } : {}) };
    if (kept) {
      this.markContent();
      this.out.push(`<${local}${attributes.map((attribute) => this.keptAttribute(attribute)).join('')}>`);
    }
    this.open.push(element);
  }

  private closeTag() {
    const element = this.open.pop()!;
    if (element.style) this.checkCss(element.style.join(''), 'the <style> element', true);
    if (!element.kept) return;
    if (element.hasContent) this.out.push(`</${element.local}>`);
    else this.out[this.out.length - 1] = this.out.at(-1)!.replace(/>$/, '/>');
  }

  private text(chars: string) {
    const element = this.open.at(-1);
    if (!element) return;
    element.style?.push(chars);
    if (!element.kept) return;
    // Outside text elements character data draws nothing: only the whitespace that lays out the file stays.
    const content = TEXT_ELEMENTS.has(element.local) ? chars : chars.replace(/[^ \t\r\n]/g, '');
    if (content === '') return;
    this.markContent();
    this.out.push(escapeText(content));
  }

  private markContent() {
    const parent = this.open.at(-1);
    if (parent) parent.hasContent = true;
  }

  /** Refuses what is dangerous on any element, kept or not. */
  private checkAttribute(tag: SaxesTagNS, { name, local, uri, value }: SaxesAttributeNS) {
    if (uri === XMLNS_NAMESPACE || name === 'xmlns') return;
    const where = `the attribute ${name} of <${tag.name}>`;
    if (/^on/i.test(local)) throw this.refuseHere(`has an event handler (${where}): scripts are not allowed`);
    if (SCRIPT_URL.test(normaliseUrl(value))) throw this.refuseHere(`has a javascript: URL in ${where}`);
    if (local.toLowerCase() === 'href' || local.toLowerCase() === 'src') {
      if (!value.trim().startsWith('#')) throw this.refuseHere(`refers outside the image in ${where} ("${shorten(value)}"): only references to #ids inside it are allowed`);
    }
    this.checkCss(value, where, local === 'style' && uri === '');
  }

  /** `style` attributes and <style> content in full; other attribute values for what fetches or runs. */
  private checkCss(css: string, where: string, isStylesheet: boolean) {
    if (isStylesheet && css.includes('\\')) throw this.refuseHere(`has a CSS escape in ${where}: escapes are not allowed`);
    const code = css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ');
    if (/@import/i.test(code)) throw this.refuseHere(`imports a stylesheet (@import) in ${where}: external CSS is not allowed`);
    if (/expression\s*\(|-moz-binding|behavior\s*:/i.test(code)) throw this.refuseHere(`has scripted CSS in ${where}`);
    for (const match of code.matchAll(CSS_FETCHING)) {
      const fn = match[1]!.toLowerCase();
      if (fn !== 'url') throw this.refuseHere(`uses the CSS function ${fn}() in ${where}: it can load external content`);
      const close = code.indexOf(')', match.index + match[0].length);
      const target = code.slice(match.index + match[0].length, close < 0 ? undefined : close).trim().replace(/^["']|["']$/g, '').trim();
      if (SCRIPT_URL.test(normaliseUrl(target))) throw this.refuseHere(`has a javascript: URL in ${where}`);
      if (!target.startsWith('#')) throw this.refuseHere(`refers outside the image in ${where} (url(${shorten(target)})): only url(#id) is allowed`);
    }
  }

  private keptAttribute({ local, uri, value }: SaxesAttributeNS): string {
    if (uri === '' && ATTRIBUTES.has(local)) return ` ${local}="${escapeAttribute(value)}"`;
    if (uri === XML_NAMESPACE && XML_ATTRIBUTES.has(local)) return ` xml:${local}="${escapeAttribute(value)}"`;
    if (uri === XLINK_NAMESPACE && local === 'href') {
      this.usesXlink = true;
      return ` xlink:href="${escapeAttribute(value)}"`;
    }
    return '';
  }
}

const shorten = (value: string) => (value.length > 60 ? `${value.slice(0, 57)}…` : value);

const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

const escapeAttribute = (value: string) =>
  value.replace(/[&<>"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
