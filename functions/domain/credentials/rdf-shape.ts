// A JSON-LD document shape compiled once into a direct mapping from the document's fields to RDF terms,
// so that documents of that shape become RDF quads without JSON-LD expansion (which is almost all of
// the cost of signing: the same few contexts and the same shape, expanded again for every credential).
//
// The mapping is not written by hand: jsonld itself expands one template document of the shape (every
// optional field present, every value distinct), and the compiler reads off, for each field, the
// predicate IRI the contexts give it (type- and property-scoped contexts included) and how its value
// became an RDF term: an IRI, a literal with its datatype or language, a constant, or a nested node.
// What the compiler does not understand (lists, @json, @direction, reverse properties, graphs, a value
// it cannot place) makes it refuse the shape; what a document holds beyond the template's shape makes
// `toQuads` answer undefined. Either way the caller falls back to generic JSON-LD, never to a guess.
import jsonld from 'jsonld';
import type { DocumentLoader } from './document-loader';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';

/** The RDF/JS-style terms that jsonld.toRDF produces and rdf-canonize takes. */
export type Term =
  | { termType: 'NamedNode'; value: string }
  | { termType: 'BlankNode'; value: string }
  | { termType: 'Literal'; value: string; datatype: { termType: 'NamedNode'; value: string }; language?: string };
export interface Quad {
  subject: Term;
  predicate: { termType: 'NamedNode'; value: string };
  object: Term;
  graph: { termType: 'DefaultGraph'; value: '' };
}

type Leaf =
  /** The string is the IRI (a field coerced to @id, or @vocab with an absolute IRI). */
  | { kind: 'iri' }
  /** Any string becomes this literal. */
  | { kind: 'literal'; datatype: string; language?: string }
  /** The value must be exactly the template's, and always gives the same term (booleans, vocab terms). */
  | { kind: 'constant'; value: unknown; term: Term };

interface NodeShape {
  kind: 'node';
  /** Whether the template node had an `id`; without one at run time the node is a blank node. */
  hasId: boolean;
  /** The template's `type` value as written, and the class IRIs it expands to. */
  type?: { json: unknown; iris: string[] };
  properties: Map<string, Property>;
}

interface Property {
  predicate: string;
  /** Whether the template wrote the value as an array; a document must write it the same way. */
  array: boolean;
  value: Leaf | NodeShape;
}

export interface CompiledShape {
  context: unknown;
  root: NodeShape;
}

export class ShapeCompileError extends Error {
  constructor(path: string, message: string) {
    super(`Cannot compile the JSON-LD shape at ${path}: ${message}`);
    this.name = 'ShapeCompileError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Expanded = Record<string, unknown>;

/** Expands the template with jsonld (safe mode: nothing dropped) and reads the mapping off the result. */
export async function compileShape(template: object, loader: DocumentLoader): Promise<CompiledShape> {
  const json = JSON.parse(JSON.stringify(template)) as JsonObject;
  const expanded = (await jsonld.expand(json, { documentLoader: loader, safe: true, base: null })) as Expanded[];
  if (expanded.length !== 1) throw new ShapeCompileError('$', `expands to ${expanded.length} top-level nodes`);
  const { '@context': context, ...body } = json;
  return { context, root: compileNode(body, expanded[0]!, '$') };
}

function compileNode(json: JsonObject, node: Expanded, path: string): NodeShape {
  for (const key of Object.keys(node)) {
    if (key.startsWith('@') && key !== '@id' && key !== '@type') throw new ShapeCompileError(path, `${key} is not supported`);
  }
  const shape: NodeShape = { kind: 'node', hasId: false, properties: new Map() };
  const placed = new Set<string>();
  for (const [key, value] of Object.entries(json)) {
    const at = `${path}.${key}`;
    if (key === 'id') {
      if (node['@id'] !== value) throw new ShapeCompileError(at, 'the id is not the node IRI unchanged');
      shape.hasId = true;
    } else if (key === 'type') {
      const iris = node['@type'];
      if (!Array.isArray(iris) || iris.length !== (Array.isArray(value) ? value.length : 1)) throw new ShapeCompileError(at, 'type did not expand to one class IRI per type');
      shape.type = { json: value, iris: iris as string[] };
    } else {
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0) throw new ShapeCompileError(at, 'the template needs a value');
      const predicates = Object.keys(node).filter((p) => !p.startsWith('@') && values.every((v) => (node[p] as Expanded[]).some((e) => matches(v, e))));
      if (predicates.length !== 1) throw new ShapeCompileError(at, `the value is found under ${predicates.length} predicates, not one`);
      const predicate = predicates[0]!;
      placed.add(predicate);
      const forms = values.map((v, i) => compileValue(v, (node[predicate] as Expanded[]).find((e) => matches(v, e))!, `${at}[${i}]`));
      // One node per field in the template (its shape is every item's); a list of leaves must map alike.
      const one = forms[0]!;
      if (one.kind === 'node' ? forms.length !== 1 : forms.some((f) => JSON.stringify(f) !== JSON.stringify(one))) {
        throw new ShapeCompileError(at, 'the template needs one node, or leaves that map alike');
      }
      shape.properties.set(key, { predicate, array: Array.isArray(value), value: one });
    }
  }
  const unplaced = Object.keys(node).filter((p) => !p.startsWith('@') && !placed.has(p));
  if (unplaced.length > 0) throw new ShapeCompileError(path, `expansion produced ${unplaced.join(', ')} from no field`);
  return shape;
}

function compileValue(value: Json, expanded: Expanded, path: string): Leaf | NodeShape {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return compileNode(value, expanded, path);
  if ('@list' in expanded || '@set' in expanded) throw new ShapeCompileError(path, 'lists are not supported');
  if ('@direction' in expanded || '@index' in expanded) throw new ShapeCompileError(path, `${Object.keys(expanded).join(', ')} is not supported`);
  if (typeof value === 'string' && '@id' in expanded) {
    if (Object.keys(expanded).length !== 1) throw new ShapeCompileError(path, 'a string became a node with properties');
    return expanded['@id'] === value ? { kind: 'iri' } : { kind: 'constant', value, term: { termType: 'NamedNode', value: expanded['@id'] as string } };
  }
  if (!('@value' in expanded)) throw new ShapeCompileError(path, 'a value became neither an IRI nor a literal');
  const type = expanded['@type'];
  if (type === '@json') throw new ShapeCompileError(path, '@json literals are not supported');
  const language = expanded['@language'] as string | undefined;
  if (typeof value === 'string' && expanded['@value'] === value) {
    return { kind: 'literal', datatype: language ? RDF_LANG_STRING : ((type as string | undefined) ?? XSD_STRING), ...(language ? { language } : {}) };
  }
  // As jsonld.toRDF writes a native boolean: its coerced type, else xsd:boolean.
  if (typeof value === 'boolean' && expanded['@value'] === value && language === undefined) {
    return { kind: 'constant', value, term: literal(String(value), (type as string | undefined) ?? XSD_BOOLEAN) };
  }
  throw new ShapeCompileError(path, `a ${typeof value} value is not supported`);
}

// Whether an expanded value is the expansion of this JSON value: the template's values are distinct,
// so equal strings (or, for nodes without an id, a distinct string inside them) pair them up.
function matches(value: Json, expanded: Expanded): boolean {
  if (typeof value === 'string') return expanded['@value'] === value || expanded['@id'] === value || (typeof expanded['@id'] === 'string' && expanded['@id'].endsWith(`#${value}`));
  if (typeof value === 'boolean' || typeof value === 'number') return expanded['@value'] === value;
  if (value === null || Array.isArray(value)) return false;
  if ('@value' in expanded) return false;
  if (typeof value.id === 'string') return expanded['@id'] === value.id;
  const marker = firstDistinctString(value);
  return marker !== undefined && contains(expanded, marker);
}

function firstDistinctString(value: JsonObject): string | undefined {
  for (const [key, v] of Object.entries(value)) {
    if (key === 'type') continue;
    if (typeof v === 'string') return v;
    const items = Array.isArray(v) ? v : [v];
    for (const item of items) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const found = firstDistinctString(item);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

const contains = (expanded: unknown, marker: string): boolean =>
  expanded === marker || (expanded !== null && typeof expanded === 'object' && Object.values(expanded).some((v) => contains(v, marker)));

const literal = (value: string, datatype: string, language?: string): Term =>
  language === undefined
    ? { termType: 'Literal', value, datatype: { termType: 'NamedNode', value: datatype } }
    : { termType: 'Literal', value, datatype: { termType: 'NamedNode', value: datatype }, language };

// What jsonld.toRDF keeps as an IRI (anything else it drops, which safe mode turns into an error), and
// that jsonld expands unchanged: a scheme followed by `//` is never read as a compact IRI.
const ABSOLUTE_HTTP_IRI = /^https?:\/\/\S*$/i;

/** The document's quads, or undefined when the document is not of the compiled shape. */
export function toQuads(shape: CompiledShape, document: object): Quad[] | undefined {
  const { '@context': context, ...body } = document as JsonObject;
  if (!deepEqual(context, shape.context)) return undefined;
  const emitter = new Emitter();
  return emitter.node(body, shape.root) === undefined ? undefined : emitter.quads;
}

class Emitter {
  readonly quads: Quad[] = [];
  // jsonld merges a node named twice, and a value given twice, into one: the dataset is a set.
  private readonly seen = new Set<string>();
  private blankNodes = 0;

  node(json: Json, shape: NodeShape): Term | undefined {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
    let subject: Term;
    if (json.id === undefined) {
      subject = { termType: 'BlankNode', value: `b${this.blankNodes++}` };
    } else {
      if (!shape.hasId || typeof json.id !== 'string' || !ABSOLUTE_HTTP_IRI.test(json.id)) return undefined;
      subject = { termType: 'NamedNode', value: json.id };
    }
    for (const [key, value] of Object.entries(json)) {
      if (key === 'id') continue;
      if (key === 'type') {
        if (!shape.type || !deepEqual(value, shape.type.json)) return undefined;
        for (const iri of shape.type.iris) this.add(subject, RDF_TYPE, { termType: 'NamedNode', value: iri });
        continue;
      }
      const property = shape.properties.get(key);
      if (!property || Array.isArray(value) !== property.array) return undefined;
      for (const item of Array.isArray(value) ? value : [value]) {
        const object = property.value.kind === 'node' ? this.node(item, property.value) : leafTerm(item, property.value);
        if (object === undefined) return undefined;
        this.add(subject, property.predicate, object);
      }
    }
    // A node whose type is left out would expand without it: the shape has no such variant.
    if (shape.type && json.type === undefined) return undefined;
    return subject;
  }

  private add(subject: Term, predicate: string, object: Term) {
    const key = `${subject.termType}:${subject.value}\u0000${predicate}\u0000${termKey(object)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.quads.push({ subject, predicate: { termType: 'NamedNode', value: predicate }, object, graph: { termType: 'DefaultGraph', value: '' } });
  }
}

function leafTerm(value: Json, leaf: Leaf): Term | undefined {
  switch (leaf.kind) {
    case 'constant':
      return value === leaf.value ? leaf.term : undefined;
    case 'iri':
      return typeof value === 'string' && ABSOLUTE_HTTP_IRI.test(value) ? { termType: 'NamedNode', value } : undefined;
    case 'literal':
      return typeof value === 'string' ? literal(value, leaf.datatype, leaf.language) : undefined;
  }
}

const termKey = (term: Term) =>
  term.termType === 'Literal' ? `L:${term.value}\u0000${term.datatype.value}\u0000${term.language ?? ''}` : `${term.termType}:${term.value}`;

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
