// Route group "verify": anyone may check a badge from any issuer. Machines post JSON and get JSON;
// people use the verify page, whose form posts to the same route and is answered as a page in words,
// its mistakes too (the page again, with what to put right, 400 or 413): a person reads no problem+json.
import { readCity } from '../../definitions/city-env';
import { DomainError } from '../domain/errors';
import { renderVerifyPage, type VerifyPageModel } from '../domain/pages/verify-page';
import type { VerifyInput } from '../domain/verification';
import { dispatch } from '../http/dispatch';
import { prefersHtml } from '../http/negotiate';
import { htmlPage, json, type Reply } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { MAX_FORM_IMAGE_BYTES, readForm, verifyInput, type VerifyForm } from './form';
import { checkBadge, peopleProblems } from './verifying';

const city = readCity();
const page = (model: Omit<VerifyPageModel, 'city' | 'maxImageBytes'>, status = 200) =>
  htmlPage(renderVerifyPage({ city, maxImageBytes: MAX_FORM_IMAGE_BYTES, ...model }), { status });

const verifyPage = httpRoute(contract['GET /verify'], async () => page({}));

const verify = httpRoute(contract['POST /verify'], async ({ body, formPost: form, event }) => {
  const contentType = event.headers['content-type'] ?? '';
  // A browser's form post is answered as the page; the same form from a script, as JSON.
  if (form && prefersHtml(event.headers.accept)) return verifyForm(contentType, form);
  if (form) return json(await checkBadge(verifyInput(await readForm(contentType, form))));
  const { image, ...rest } = body;
  const input = (image !== undefined ? { ...rest, image: Buffer.from(image, 'base64') } : rest) as VerifyInput;
  return json(await checkBadge(input));
});

/** The verify page's form, answered as the page: its result in words, or what to put right (400, 413). */
async function verifyForm(contentType: string, bytes: Buffer): Promise<Reply> {
  let given: VerifyForm = {};
  try {
    given = await readForm(contentType, bytes);
    const echo = { url: given.url, json: given.json };
    const problems = peopleProblems(given);
    if (problems) return page({ problems, given: echo }, 400);
    return page({ result: await checkBadge(verifyInput(given)), given: echo });
  } catch (error) {
    if (!(error instanceof DomainError) || (error.kind !== 'invalid' && error.kind !== 'too-large')) throw error;
    const problems = error.fields.length ? error.fields.map((f) => `${fieldLabel(f.field)} ${f.detail}.`) : [error.message];
    return page({ problems, given: { url: given.url, json: given.json } }, error.kind === 'too-large' ? 413 : 400);
  }
}

const FIELD_LABELS: Record<string, string> = { image: 'The badge image', url: 'The link', credential: 'The badge data', assertion: 'The badge data', email: 'The email address' };
const fieldLabel = (field: string) => FIELD_LABELS[field.split('.')[0]!] ?? 'What was given';

export const handler = dispatch('verify', { 'GET /verify': verifyPage, 'POST /verify': verify });
