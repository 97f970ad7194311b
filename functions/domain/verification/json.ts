// Reading badge documents from any issuer: parsed JSON of unknown shape, read field by field, never
// trusted to have the types the specs say.
import { nestsTooDeeply } from '../json-depth';

export type Json = Record<string, unknown>;

export const asObject = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/** The specs allow one value or an array of them for most properties; absent is none. */
export const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A non-empty string, or undefined. */
export const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** A node's id: the string itself when the node is given by reference, else its `id`. */
export const idOf = (value: unknown): string | undefined => textOf(value) ?? textOf(asObject(value)?.id);

export const hasType = (node: Json | undefined, ...types: string[]): boolean => asList(node?.type).some((t) => typeof t === 'string' && types.includes(t));

export const isHttpUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\/[^/?#\s]+/i.test(value) && URL.canParse(value);

/** JSON equality regardless of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortedKeys(a)) === JSON.stringify(sortedKeys(b));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  const object = asObject(value);
  if (!object) return value;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, sortedKeys(object[key])]),
  );
}

/** A JSON object from text, or undefined when the text is not one (or nests too deeply to handle). */
export function parseJsonObject(text: string): Json | undefined {
  if (nestsTooDeeply(text)) return undefined;
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}
