// Routes for signed-in learners (access `learner` in the route table). The shared chain, then: the
// learner behind the session cookie (functions/auth/learner-session.ts) or, for a browser, a 303 to
// sign in that comes back here afterwards (for anything else, 401); an account that cannot act yet
// (no age band given, or an under-13's guardian has not agreed) is sent to its account page; and every request
// that changes something must come from the city's own pages: the Origin header, when the browser
// sends one, is the city's, and the session's CSRF token comes with it (form field or header).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { readCity } from '../../definitions/city-env';
import { checkCsrf, CSRF_FIELD, CSRF_HEADER, readLearner, type SignedInLearner } from '../auth/learner-session';
import { DomainError, invalid } from '../domain/errors';
import { prefersHtml } from './negotiate';
import type { Reply } from './reply';
import { AUTHENTICATES, buildRoute, type Out, type RouteHandler, type RouteRequest, type RouteSpec, type Schema } from './route';

const { baseUrl } = readCity();
const cityOrigin = new URL(baseUrl).origin;

export interface LearnerRouteOptions {
  /** Serve accounts that cannot act yet (the age-band and consent-waiting pages themselves). */
  inactive?: boolean;
}

/** A redirect (303 See Other: the browser GETs the new place, whatever the method was). */
export const seeOther = (location: string, cookies?: string[]): Reply => ({
  statusCode: 303,
  headers: { location, 'cache-control': 'no-store' },
  body: '',
  ...(cookies ? { cookies } : {}),
});

/** Where signing in starts, coming back to `path` (a path of this city only: never an open redirect). */
export const signInUrl = (path: string) => `${baseUrl}/sign-in?next=${encodeURIComponent(path)}`;

/** Where an account that cannot act yet is sent: its account page asks the age band, or says it waits for a guardian. */
export const ONBOARDING_PATH = '/account';

/** A form's fields (application/x-www-form-urlencoded), for routes that declare `rawBody: FORM_BODY` (functions/http/contract.ts). */
export function formFields(raw: Buffer): URLSearchParams {
  return new URLSearchParams(raw.toString('utf8'));
}

function sameOrigin(event: APIGatewayProxyEventV2): boolean {
  const origin = event.headers.origin;
  // Browsers send Origin on every cross-site POST; a request without one did not come from a page elsewhere.
  return origin === undefined || origin === cityOrigin;
}

export function learnerRoute<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined>(
  spec: RouteSpec<P, Q, undefined>,
  fn: (request: RouteRequest<Out<P>, Out<Q>, undefined> & { learner: SignedInLearner; form: URLSearchParams }) => Promise<Reply>,
  options: LearnerRouteOptions = {},
): RouteHandler {
  const handler = buildRoute(spec, async (request) => {
    const { event } = request;
    const learner = await readLearner(event);
    if (!learner) {
      if (event.requestContext.http.method === 'GET' && prefersHtml(event.headers.accept)) {
        const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
        return seeOther(signInUrl(`${event.rawPath}${query}`));
      }
      throw new DomainError('unauthenticated', 'Sign in first: this is for a signed-in learner');
    }
    let form = new URLSearchParams();
    if (event.requestContext.http.method !== 'GET') {
      if (!sameOrigin(event)) throw new DomainError('forbidden', 'This request came from another site');
      form = spec.rawBody ? formFields(request.raw) : form;
      checkCsrf(learner, form.get(CSRF_FIELD) ?? event.headers[CSRF_HEADER]);
    }
    if (!options.inactive && learner.account.status !== 'active') {
      if (event.requestContext.http.method === 'GET') return seeOther(`${baseUrl}${ONBOARDING_PATH}`);
      throw new DomainError('forbidden', 'This account cannot do this yet');
    }
    return fn({ ...request, learner, form });
  });
  return Object.assign(handler, { [AUTHENTICATES]: 'learner' as const });
}

/** A required form field, trimmed; a 400 naming it when it is missing or too long. */
export function formField(form: URLSearchParams, name: string, maxLength = 320): string {
  const value = (form.get(name) ?? '').trim();
  if (!value) throw invalid([{ in: 'body', field: name, detail: 'is required' }]);
  if (value.length > maxLength) throw invalid([{ in: 'body', field: name, detail: `must be at most ${maxLength} characters` }]);
  return value;
}
