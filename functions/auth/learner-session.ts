// Who is signed in: the one way any code reads the learner behind a request. A session is a random id
// in an HttpOnly, SameSite=Lax cookie (Secure, with the __Host- prefix, everywhere but a local city on
// http://localhost), stored in the table only as its SHA-256 (functions/data/learner-sessions.ts), with
// an idle and an absolute expiry. Forms carry a synchroniser token bound to the session: an HMAC of the
// session's hash under the city's `session-csrf` key, so it needs no storage and dies with the session.
// Routes use functions/http/learner-route.ts, which builds on this.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { readCity } from '../../definitions/city-env';
import { getLearner } from '../data/learners';
import { deleteLearnerSessions, deleteSession, getSession, putSession, touchSession } from '../data/learner-sessions';
import { DomainError } from '../domain/errors';
import type { LearnerAccount } from '../domain/learners';
import { newSessionId, SESSION_ABSOLUTE_MS, sessionHash, sessionLive, sessionNeedsTouch } from '../domain/learner-sessions';
import { html, type SafeHtml } from '../domain/pages/html';
import { cityKey } from './city-secret';

const { baseUrl } = readCity();

/** Only a local city on plain http may set a cookie without Secure (browsers treat localhost as secure anyway). */
export const SECURE_COOKIES = !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(baseUrl);
/** `__Host-`: the browser keeps it only if Secure, Path=/ and no Domain, so no subdomain can plant or read it. */
export const SESSION_COOKIE = SECURE_COOKIES ? '__Host-learner-session' : 'learner-session';

/** The form field (and header, for scripts) that carries the CSRF token. */
export const CSRF_FIELD = 'csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface SignedInLearner {
  account: LearnerAccount;
  /** The session's hash (its id is only ever in the cookie). */
  sessionHash: string;
  /** This session's CSRF token: every form a signed-in learner submits carries it (csrfField). */
  csrfToken: string;
}

const cookieAttributes = (maxAgeSeconds: number) =>
  `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${SECURE_COOKIES ? '; Secure' : ''}`;

/** The value of a cookie the request carries (API Gateway gives cookies as `name=value` strings). */
export function cookieValue(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf('=');
    if (at > 0 && cookie.slice(0, at).trim() === name) return cookie.slice(at + 1).trim();
  }
  return undefined;
}

async function csrfTokenFor(hash: string): Promise<string> {
  return createHmac('sha256', await cityKey('session-csrf')).update(hash).digest('base64url');
}

/** The signed-in learner, or undefined (no cookie, an unknown, ended or expired session, a deleted account). */
export async function readLearner(event: APIGatewayProxyEventV2, now = new Date()): Promise<SignedInLearner | undefined> {
  const id = cookieValue(event, SESSION_COOKIE);
  if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const hash = sessionHash(id);
  const session = await getSession(hash);
  if (!session || !sessionLive(session, now)) return undefined;
  const account = await getLearner(session.learnerId);
  // An account being deleted signs nobody in, though its sessions are not all gone yet.
  if (!account || account.status === 'deleting') return undefined;
  if (sessionNeedsTouch(session, now)) await touchSession(hash, now);
  return { account, sessionHash: hash, csrfToken: await csrfTokenFor(hash) };
}

/** Starts a session for the learner; answers the Set-Cookie value that carries it. */
export async function startSession(learnerId: string, now = new Date()): Promise<string> {
  const id = newSessionId();
  const at = now.toISOString();
  await putSession({ hash: sessionHash(id), learnerId, createdAt: at, lastSeenAt: at });
  return `${SESSION_COOKIE}=${id}; ${cookieAttributes(Math.floor(SESSION_ABSOLUTE_MS / 1000))}`;
}

/** The Set-Cookie value that removes the session cookie from the browser. */
export const clearedSessionCookie = () => `${SESSION_COOKIE}=; ${cookieAttributes(0)}`;

/** Signs out this session. */
export const endSession = (learner: SignedInLearner) => deleteSession(learner.sessionHash);

/** Signs out every session of the learner, on every device. */
export const endEverySession = (learnerId: string) => deleteLearnerSessions(learnerId);

/** Refuses (403) a form or request whose token is not this session's. Constant time. */
export function checkCsrf(learner: SignedInLearner, submitted: string | undefined): void {
  const expected = Buffer.from(learner.csrfToken);
  const given = Buffer.from(submitted ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DomainError('forbidden', 'This form has expired or did not come from this site: go back, reload the page and try again');
  }
}

/** The hidden field every form of a signed-in page carries. */
export const csrfField = (learner: SignedInLearner): SafeHtml => html`<input type="hidden" name="${CSRF_FIELD}" value="${learner.csrfToken}">`;
