// The API reference as a page, rendered from the OpenAPI document itself (never from the contracts
// directly), so the page and /openapi.json say the same. Server-rendered in the city's page layout:
// no scripts and nothing fetched; long schemas fold with <details>, which needs no JavaScript.
import { html, markSafe, type SafeHtml } from '../domain/pages/html';
import { renderDocument, type PageCity } from '../domain/pages/layout';
import { paragraphs } from '../domain/pages/text';
import type { OpenApiDocument, Operation, Parameter, ResponseObject } from './document';
import { COMPONENT_SCHEMAS, type JsonSchema } from './json-schema';

// Only for this page, next to the shared stylesheet; colours come from its theme variables.
const DOCS_STYLES = `
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9375em}
h4{margin:1.25rem 0 .375rem;font-size:1rem}
.operation{border-top:1px solid var(--line);margin-top:1.5rem;padding-top:1.25rem}
.operation h3{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}
.method{display:inline-block;min-width:4.25rem;padding:.0625rem .5rem;border-radius:6px;background:var(--tint);color:var(--on-tint);font:700 .8125rem/1.6 ui-monospace,monospace;text-align:center}
.contents li{margin:.25rem 0}
.table-wrap{overflow-x:auto}
table{width:100%;border-collapse:collapse;font-size:.9375rem;overflow-wrap:break-word}
th,td{padding:.375rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600}
td code{overflow-wrap:anywhere}
/* Fixed shares on a wide screen, so that a long description never squeezes the type column to a sliver. */
@media (min-width:40.0625rem){.table-wrap table{table-layout:fixed}.table-wrap th:nth-child(1){width:22%}.table-wrap th:nth-child(2){width:9%}.table-wrap th:nth-child(3){width:30%}}
@media (max-width:40rem){
.table-wrap thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.table-wrap table,.table-wrap tbody,.table-wrap tr,.table-wrap td{display:block}
.table-wrap tr{border-bottom:1px solid var(--line);padding:.5rem 0}
.table-wrap td{border:0;padding:.125rem 0}
.table-wrap td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-weight:600}
}
.example{margin:.375rem 0 .75rem;padding:.625rem .75rem;border:1px solid var(--line);border-radius:6px;background:#fff;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.875rem;line-height:1.5}
.schema,.schema ul{margin:.25rem 0;padding-left:1.25rem}
.schema li{margin:.125rem 0}
.responses dt{margin-top:.75rem;font-weight:600}
.responses dd{margin:0 0 0 1rem}
details>summary{cursor:pointer;color:var(--link)}
`;

const MAX_DEPTH = 8;

const componentName = (ref: string) => (ref.startsWith(COMPONENT_SCHEMAS) ? ref.slice(COMPONENT_SCHEMAS.length) : ref);
const schemaAnchor = (name: string) => `schema-${name}`;
const asSchema = (value: unknown): JsonSchema | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined);
const asSchemas = (value: unknown): JsonSchema[] => (Array.isArray(value) ? value.map(asSchema).filter((s): s is JsonSchema => s !== undefined) : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const literal = (value: unknown) => html`<code>${JSON.stringify(value)}</code>`;

function range(min: unknown, max: unknown, unit: string): string | undefined {
  if (typeof min === 'number' && typeof max === 'number') return min === max ? `exactly ${min} ${unit}` : `${min}–${max} ${unit}`;
  if (typeof max === 'number') return `at most ${max} ${unit}`;
  if (typeof min === 'number' && min > 0) return `at least ${min} ${unit}`;
  return undefined;
}

/** Limits as words: lengths, counts, bounds, formats, patterns and defaults. */
function constraints(schema: JsonSchema): (string | SafeHtml)[] {
  const found: (string | SafeHtml | undefined)[] = [
    range(schema.minLength, schema.maxLength, 'characters'),
    range(schema.minItems, schema.maxItems, 'items'),
    typeof schema.minimum === 'number' ? `≥ ${schema.minimum}` : undefined,
    typeof schema.exclusiveMinimum === 'number' ? `> ${schema.exclusiveMinimum}` : undefined,
    typeof schema.maximum === 'number' ? `≤ ${schema.maximum}` : undefined,
    text(schema.format) && `format ${text(schema.format)}`,
    // A format says it better than the long pattern zod writes out for it.
    text(schema.pattern) && !schema.format ? html`pattern <code>${text(schema.pattern)}</code>` : undefined,
    'default' in schema ? html`default ${literal(schema.default)}` : undefined,
  ];
  return found.filter((c): c is string | SafeHtml => c !== undefined);
}

function typeLabel(schema: JsonSchema): SafeHtml {
  const ref = text(schema.$ref);
  if (ref) return html`<a href="#${schemaAnchor(componentName(ref))}">${componentName(ref)}</a>`;
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return html`one of ${schema.enum.map((value, i) => html`${i ? ', ' : ''}${literal(value)}`)}`;
  const prefix = asSchemas(schema.prefixItems);
  if (prefix.length && prefix.every((item) => 'const' in item)) return html`exactly ${literal(prefix.map((item) => item.const))}`;
  const items = asSchema(schema.items);
  if (schema.type === 'array' && items) return html`array of ${typeLabel(items)}`;
  if (schema.anyOf || schema.oneOf) return html`one of`;
  if (schema.type === 'object' && schema.propertyNames) return html`object (any properties)`;
  return html`${text(schema.type) ?? 'any value'}`;
}

/** One schema as a nested list: each property with its type, whether required, its limits and its description. */
function outline(schema: JsonSchema, depth = 0): SafeHtml | undefined {
  if (depth > MAX_DEPTH || schema.$ref) return undefined;
  const items = asSchema(schema.items);
  if (schema.type === 'array' && items && !items.$ref) return outline(items, depth + 1);
  const alternatives = asSchemas(schema.anyOf ?? schema.oneOf);
  if (alternatives.length) return html`<ul class="schema">${alternatives.map((alternative) => html`<li>${describe(alternative, depth + 1)}</li>`)}</ul>`;
  const properties = Object.entries(asSchema(schema.properties) ?? {});
  if (!properties.length) return undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const loose = schema.additionalProperties !== undefined && schema.additionalProperties !== false;
  return html`<ul class="schema">${properties.map(
    ([name, property]) => html`<li><code>${name}</code>${required.has(name) ? '' : html` <span class="meta">(optional)</span>`}: ${describe(asSchema(property) ?? {}, depth + 1)}</li>`,
  )}${loose ? html`<li class="meta">other properties allowed</li>` : ''}</ul>`;
}

function describe(schema: JsonSchema, depth: number): SafeHtml {
  const limits = constraints(schema);
  return html`${typeLabel(schema)}${limits.map((limit) => html`, ${limit}`)}${text(schema.description) && html` — ${text(schema.description)}`}${outline(schema, depth)}`;
}

// On a phone the table's rows stack, each cell labelled with its column (data-label).
function parametersTable(parameters: Parameter[]): SafeHtml {
  const rows = parameters.map(
    (p) =>
      html`<tr><td><code>${p.name}</code></td><td data-label="In">${p.in}${p.required ? '' : ', optional'}</td><td data-label="Type and limits">${describe(p.schema, 1)}</td><td${p.description ? html` data-label="What it is"` : ''}>${p.description ?? ''}</td></tr>`,
  );
  return html`<h4>Parameters</h4><div class="table-wrap"><table><thead><tr><th>Name</th><th>In</th><th>Type and limits</th><th>What it is</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function content(media: ResponseObject['content']): SafeHtml[] {
  return Object.entries(media ?? {}).map(([type, { schema }]) => {
    if (!schema) return html`<p><code>${type}</code></p>`;
    const body = outline(schema);
    return html`<p><code>${type}</code>: ${describe({ ...schema, description: undefined }, MAX_DEPTH + 1)}</p>${body && html`<details><summary>Fields</summary>${body}</details>`}`;
  });
}

function responses(list: Record<string, ResponseObject>): SafeHtml {
  const entries = Object.entries(list).map(([status, response]) => {
    const headers = Object.keys(response.headers ?? {}).filter((name) => name !== 'x-request-id');
    return html`<dt>${status}</dt><dd><p>${response.description}${headers.length ? html` (headers: ${headers.map((h, i) => html`${i ? ', ' : ''}<code>${h}</code>`)})` : ''}</p>${content(response.content)}</dd>`;
  });
  return html`<h4>Responses</h4><dl class="responses">${entries}</dl>`;
}

const shellQuote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

/** The example request as a curl command: path and query filled in from the parameters' examples. */
function exampleRequest(server: string, method: string, path: string, operation: Operation): string {
  const parameters = operation.parameters ?? [];
  const filled = path.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(String(parameters.find((p) => p.name === name)?.example ?? name)));
  const query = parameters.filter((p) => p.in === 'query' && p.example !== undefined).map((p) => `${p.name}=${encodeURIComponent(String(p.example))}`);
  const lines = [`curl -X ${method.toUpperCase()} ${shellQuote(`${server}${filled}${query.length ? `?${query.join('&')}` : ''}`)}`];
  if (operation.security.length) lines.push(`-H 'Authorization: Bearer col_…'`);
  const body = operation.requestBody;
  const json = body?.content['application/json']?.example;
  if (json !== undefined) lines.push(`-H 'Content-Type: application/json'`, `-d ${shellQuote(JSON.stringify(json, null, 2))}`);
  const bytes = body?.['x-example-body'];
  if (bytes) lines.push(`-H 'Content-Type: ${bytes.contentType}'`, `--data-binary @${bytes.file}`);
  return lines.join(' \\\n  ');
}

/** The success answer's example: its JSON, or what the bytes are. */
function exampleAnswer(operation: Operation): { status: string; type: string; text?: string } | undefined {
  const entries = Object.entries(operation.responses);
  // A browser's step (sign-in) answers with a redirect, not a body.
  const [status, response] = entries.find(([code]) => code.startsWith('2')) ?? entries.find(([code]) => code.startsWith('3')) ?? [];
  if (!status || !response) return undefined;
  if (status.startsWith('3')) return { status, type: 'redirect' };
  const media = Object.entries(response.content ?? {});
  const [type, withExample] = media.find(([, m]) => m.example !== undefined) ?? media[0] ?? ['', {}];
  return { status, type, ...(withExample.example === undefined ? {} : { text: JSON.stringify(withExample.example, null, 2) }) };
}

// Short answers are shown; long ones (signed credentials, the API document) fold, one click away.
const FOLD_LINES = 30;

function examples(server: string, method: string, path: string, operation: Operation): SafeHtml {
  const answer = exampleAnswer(operation);
  const answerBlock =
    answer &&
    (answer.text === undefined
      ? answer.type === 'redirect'
        ? html`<p>Answers <code>${answer.status}</code> with the next page's address in <code>Location</code>.</p>`
        : html`<p>Answers <code>${answer.status}</code> with the ${answer.type.startsWith('text/html') ? 'page' : 'bytes'} (<code>${answer.type}</code>).</p>`
      : html`<details${answer.text.split('\n').length <= FOLD_LINES ? html` open` : ''}><summary>Example answer: <code>${answer.status}</code>, <code>${answer.type}</code></summary><pre class="example"><code>${answer.text}</code></pre></details>`);
  return html`<h4>Example</h4><pre class="example"><code>${exampleRequest(server, method, path, operation)}</code></pre>${answerBlock}`;
}

function operationSection(server: string, method: string, path: string, operation: Operation): SafeHtml {
  const body = operation.requestBody;
  return html`<section class="operation" id="${operation.operationId}" aria-labelledby="${operation.operationId}-title">
<h3 id="${operation.operationId}-title"><span class="method">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p>${operation.summary}</p>
<p class="meta">${operation.description}</p>
${operation.parameters?.length ? parametersTable(operation.parameters) : ''}
${body && html`<h4>Request body</h4><p>${body.description}</p>${content(body.content)}`}
${examples(server, method, path, operation)}
${responses(operation.responses)}
</section>`;
}

export function renderApiDocsPage(model: { city: PageCity; document: OpenApiDocument; url: string; documentUrl: string }): string {
  const { city, document, url, documentUrl } = model;
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
  const byTag = document.tags
    .map((tag) => ({ tag, operations: operations.filter(({ operation }) => operation.tags.includes(tag.name)) }))
    .filter(({ operations: list }) => list.length > 0);
  const security = Object.values(document.components.securitySchemes)[0];
  return renderDocument({
    city,
    title: document.info.title,
    description: `The ${document.info.title} reference: every route, what it takes and what it answers.`,
    url,
    head: html`<link rel="alternate" type="application/vnd.oai.openapi+json" href="${documentUrl}">
<style>${markSafe(DOCS_STYLES)}</style>`,
    main: html`<div class="card">
<p class="kicker">API reference · version ${document.info.version}</p>
<h1>${document.info.title}</h1>
<div class="prose">${paragraphs(document.info.description)}</div>
<dl class="facts">
<dt>Server</dt><dd><code>${document.servers[0]?.url}</code></dd>
<dt>OpenAPI 3.1</dt><dd><a href="${documentUrl}">${documentUrl}</a></dd>
</dl>
</div>
<nav class="card contents" aria-labelledby="contents">
<h2 id="contents">Routes</h2>
${byTag.map(
  ({ tag, operations: list }) => html`<h3>${tag.name}</h3><ul class="plain">${list.map(
    ({ path, method, operation }) => html`<li><a href="#${operation.operationId}"><span class="method">${method.toUpperCase()}</span> <code>${path}</code></a> ${operation.summary}</li>`,
  )}</ul>`,
)}
</nav>
${security && html`<section class="card" aria-labelledby="keys"><h2 id="keys">API keys</h2><p>${text(security.description)}</p></section>`}
${byTag.map(
  ({ tag, operations: list }) => html`<section class="card" aria-labelledby="tag-${tag.name}">
<h2 id="tag-${tag.name}">${tag.name}</h2>
<p class="meta">${tag.description}</p>
${list.map(({ path, method, operation }) => operationSection(document.servers[0]?.url ?? '', method, path, operation))}
</section>`,
)}
<section class="card" aria-labelledby="schemas">
<h2 id="schemas">Schemas</h2>
${Object.entries(document.components.schemas).map(
  ([name, schema]) => html`<section class="operation" id="${schemaAnchor(name)}"><h3>${name}</h3>${text(schema.description) && html`<p>${text(schema.description)}</p>`}${outline(schema)}</section>`,
)}
</section>`,
  });
}
