// Baking into SVG (Open Badges 2.0 Baking, OB 3.0 §5.3 "Baked Badge"). OB 2.0: `xmlns:openbadges=
// "http://openbadges.org"` on the root and `<openbadges:assertion verify="…">` with the assertion JSON in
// CDATA, or empty when what is baked is a JWS or a URL. OB 3.0: `xmlns:openbadges=
// "https://purl.imsglobal.org/ob/v3p0"` and `<openbadges:credential>` with the credential JSON in CDATA,
// or empty with `verify="<compact JWS>"`. Both go directly after the <svg> start tag. Validators match
// these elements by namespace URI, so when both are baked the prefix `openbadges` cannot mean both on
// the root: the root binds it to the OB 3.0 namespace and the assertion redeclares it for itself, which
// namespace-aware readers and readers that look for the literal tag name `openbadges:assertion` both accept.
import { BakingError } from './errors';
import { type BadgeKeyword, type BadgePayloads, payloadEntries } from './payloads';
import { attributeValue, type SvgDocument, scanSvg } from './svg-scanner';

const SVG_NAMESPACES = {
  openbadges: 'http://openbadges.org',
  openbadgecredential: 'https://purl.imsglobal.org/ob/v3p0',
} as const satisfies Record<BadgeKeyword, string>;

const ELEMENTS = { openbadges: 'openbadges:assertion', openbadgecredential: 'openbadges:credential' } as const satisfies Record<BadgeKeyword, string>;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
const HTTP_URL = /^https?:\/\/[^\s"'<>]+$/i;
/** Characters XML 1.0 cannot carry at all, not even as references. */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const XML_WHITESPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

export function bakeSvg(svg: string, payloads: BadgePayloads): string {
  const entries = payloadEntries(payloads);
  for (const [keyword, text] of entries) {
    if (NOT_XML.test(text)) throw new BakingError('invalid-payload', `The ${keyword} payload contains characters XML cannot carry`);
  }
  const document = readBadgeSvg(svg);
  if (document.declaredEncoding !== undefined && !/^utf-?8$/i.test(document.declaredEncoding)) {
    throw new BakingError('unsupported-encoding', `The SVG declares encoding ${document.declaredEncoding}; only UTF-8 can be baked`);
  }
  const { root, elements } = document;
  // A binding already on the root stays, as other markup may rely on it; without one, the root binds the
  // namespace of the first payload (OB 3.0 when both). An element the root does not bind declares its own.
  const rootBinding = attributeValue(root, 'xmlns:openbadges');
  const bound = rootBinding ?? SVG_NAMESPACES[entries[0]![0]];
  const baked = entries.map(([keyword, text]) => badgeElement(keyword, text, bound === SVG_NAMESPACES[keyword]));

  let out = svg.slice(0, root.attributesEnd) + (rootBinding === undefined ? ` xmlns:openbadges="${bound}"` : '');
  out += root.selfClosing ? `>${baked.join('')}</${root.name}>` : svg.slice(root.attributesEnd, root.end) + baked.join('');
  let copyFrom = root.end;
  const baking = new Set(entries.map(([keyword]) => keyword));
  for (const element of elements) {
    if (!baking.has(element.match)) continue;
    out += svg.slice(copyFrom, element.tag.start);
    copyFrom = element.end;
  }
  return out + svg.slice(copyFrom);
}

/**
 * The payloads baked into an SVG: for each kind the first element, its text (JSON from CDATA or plain
 * character data, without surrounding whitespace) or, when it has none, its `verify` attribute (a JWS,
 * or for OB 2.0 the hosted assertion's URL).
 */
export function unbakeSvg(svg: string): BadgePayloads {
  const found: BadgePayloads = {};
  for (const element of readBadgeSvg(svg).elements) {
    if (found[element.match] !== undefined) continue;
    const value = element.text.replace(XML_WHITESPACE, '') || attributeValue(element.tag, 'verify')?.replace(XML_WHITESPACE, '');
    if (value) found[element.match] = value;
  }
  return found;
}

const readBadgeSvg = (svg: string): SvgDocument<BadgeKeyword> =>
  scanSvg(svg, (namespace, localName) => {
    if (namespace === SVG_NAMESPACES.openbadges && localName === 'assertion') return 'openbadges';
    if (namespace === SVG_NAMESPACES.openbadgecredential && localName === 'credential') return 'openbadgecredential';
    return undefined;
  });

function badgeElement(keyword: BadgeKeyword, text: string, rootBindsNamespace: boolean): string {
  const name = ELEMENTS[keyword];
  const declaration = rootBindsNamespace ? '' : ` xmlns:openbadges="${SVG_NAMESPACES[keyword]}"`;
  if (COMPACT_JWS.test(text) || (keyword === 'openbadges' && HTTP_URL.test(text))) {
    // OB 2.0 asks for a self-closing tag, the OB 3.0 example has an end tag.
    const tail = keyword === 'openbadges' ? '/>' : `></${name}>`;
    return `<${name}${declaration} verify="${escapeAttribute(text)}"${tail}`;
  }
  const verify = keyword === 'openbadges' ? hostedUrlOf(text) : undefined;
  const verifyAttribute = verify === undefined ? '' : ` verify="${escapeAttribute(verify)}"`;
  return `<${name}${declaration}${verifyAttribute}><![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${name}>`;
}

/** The hosted URL an OB 2.0 `verify` attribute carries: 2.0 `id`, or 1.x `verify.url`, when the JSON has one. */
function hostedUrlOf(json: string): string | undefined {
  let assertion: unknown;
  try {
    assertion = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof assertion !== 'object' || assertion === null) return undefined;
  const { id, verify } = assertion as { id?: unknown; verify?: unknown };
  const legacyUrl = typeof verify === 'object' && verify !== null ? (verify as { url?: unknown }).url : undefined;
  const url = typeof legacyUrl === 'string' ? legacyUrl : id;
  return typeof url === 'string' && HTTP_URL.test(url) ? url : undefined;
}

const escapeAttribute = (value: string) =>
  value.replace(/[&<"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
