// A learner's signed-in session, as the city keeps it: never the session id itself (only its SHA-256,
// so a copy of the table signs no one in), the learner it belongs to, and when it was made and last
// used. Pure: the cookie and the table are the auth and data layers' business.
import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod/mini';

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and after this long whatever happens (the learner signs in again). */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** `lastSeenAt` is written at most this often, so a busy learner does not cost a write per page. */
export const SESSION_TOUCH_MS = 5 * 60 * 1000;

export const SessionSchema = z.object({
  /** SHA-256 of the session id, hex. */
  hash: z.string(),
  learnerId: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

/** 256 random bits, base64url: the cookie's value. */
export const newSessionId = () => randomBytes(32).toString('base64url');

export const sessionHash = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/** Whether the session still stands at `now`: neither idle too long nor too old. */
export function sessionLive(session: Session, now: Date): boolean {
  const t = now.getTime();
  return t - Date.parse(session.lastSeenAt) < SESSION_IDLE_MS && t - Date.parse(session.createdAt) < SESSION_ABSOLUTE_MS;
}

export const sessionNeedsTouch = (session: Session, now: Date) => now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_MS;
