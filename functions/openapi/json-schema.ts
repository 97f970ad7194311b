// Route schemas as JSON Schema (draft 2020-12, OpenAPI 3.1's dialect), collecting named schemas as the
// document's components. A zod schema is named by `z.meta({ id })`; zod puts named schemas in `$defs`,
// and this moves them to `#/components/schemas/<id>` so that each appears once in the document.
import * as z from 'zod/mini';
import type { Schema } from '../http/route';

export type JsonSchema = { [key: string]: unknown };

const DEFS = '#/$defs/';
export const COMPONENT_SCHEMAS = '#/components/schemas/';

/** zod bounds every z.int() by the safe integers; true, but noise on every count and index. */
const isSafeIntegerBound = (key: string, value: unknown) =>
  (key === 'minimum' && value === Number.MIN_SAFE_INTEGER) || (key === 'maximum' && value === Number.MAX_SAFE_INTEGER);

function relocate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relocate);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, inner]) => !isSafeIntegerBound(key, inner))
      .map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' && inner.startsWith(DEFS) ? COMPONENT_SCHEMAS + inner.slice(DEFS.length) : relocate(inner)]),
  );
}

export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /**
   * Requests are described as they are accepted (`input`: defaults, no transforms) and answers as they
   * are sent (`output`; plain objects then allow no other properties, loose ones do).
   */
  toJsonSchema(schema: Schema, io: 'input' | 'output'): JsonSchema {
    const { $schema: _dialect, $defs, ...root } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as JsonSchema;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) this.add(id, relocate(def) as JsonSchema);
    return relocate(root) as JsonSchema;
  }

  private add(id: string, schema: JsonSchema) {
    const existing = this.schemas[id];
    // A named schema used both as input and as output would differ between the two: refuse to guess.
    if (existing && JSON.stringify(existing) !== JSON.stringify(schema)) throw new Error(`Schema component ${id} comes out differently in two uses`);
    this.schemas[id] = schema;
  }
}
