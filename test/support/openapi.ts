// Checking values against the API document's own schemas with Ajv (JSON Schema draft 2020-12, the
// dialect of OpenAPI 3.1), exactly as a client generated from /openapi.json would.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenApiDocument, Operation } from '../../functions/openapi/document';

/** JSON Pointer, as a URI fragment: `~` and `/` escaped, then percent-encoded ({, } and : in paths). */
export const pointer = (...segments: string[]) =>
  `#/${segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;

export function newAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  // zod writes format "base64" (with a pattern): ajv-formats names that "byte".
  ajv.addFormat('base64', /^[A-Za-z0-9+/]*={0,2}$/);
  // The OpenAPI schema's own format for media type keys; the keys are checked by the tests that read them.
  ajv.addFormat('media-range', true);
  return ajv;
}

/** Validates values against the schemas at JSON Pointers into the document; errors as readable lines. */
export function documentValidator(document: OpenApiDocument) {
  const ajv = newAjv();
  ajv.addSchema(document, 'openapi.json');
  return (at: string, value: unknown): string[] => {
    const validate = ajv.getSchema(`openapi.json${at}`) ?? ajv.compile({ $ref: `openapi.json${at}` });
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  };
}

export const operationsOf = (document: OpenApiDocument): { method: string; path: string; operation: Operation }[] =>
  Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })));
