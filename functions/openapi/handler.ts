// Route group "openapi": the API contract as an OpenAPI 3.1 document, and as a page.
import { readCity } from '../../definitions/city-env';
import { dispatch } from '../http/dispatch';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { renderApiDocsPage } from './docs-page';
import { openApiDocument, type OpenApiDocument } from './document';

const city = readCity();
const documentUrl = `${city.baseUrl}/openapi.json`;

// Both depend only on the code and the city: built once per Lambda instance, on first use.
let document: OpenApiDocument | undefined;
let page: string | undefined;
const apiDocument = () => (document ??= openApiDocument(city));

const getDocument = httpRoute(contract['GET /openapi.json'], async () => json(apiDocument(), { cacheSeconds: 300 }));

const getPage = httpRoute(contract['GET /docs'], async () =>
  htmlPage((page ??= renderApiDocsPage({ city, document: apiDocument(), url: `${city.baseUrl}/docs`, documentUrl })), { cacheSeconds: 300 }),
);

export const handler = dispatch('openapi', { 'GET /openapi.json': getDocument, 'GET /docs': getPage });
