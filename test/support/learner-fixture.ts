// Signed-in learners for tests, made the way the sign-in makes them (an active account, its verified
// sign-in address sealed, a session) through the city's own data modules, against whatever table the
// test's environment names: the unit fake, or a local city's DynamoDB Local. Answers the cookie and CSRF
// token a browser would hold.
import { createHmac, randomBytes } from 'node:crypto';
import { SESSION_COOKIE } from '../../functions/auth/learner-session';
import { createLearner } from '../../functions/data/learners';
import { putSession } from '../../functions/data/learner-sessions';
import { deriveCityKey, parseCityKeyring, versionedKeys } from '../../functions/domain/city-keys';
import { defaultSettings } from '../../functions/domain/learners';
import { newSessionId, sessionHash } from '../../functions/domain/learner-sessions';
import { seal } from '../../functions/domain/sealed-text';

export interface TestLearner {
  id: string;
  email: string;
  /** The Cookie header value. */
  cookie: string;
  csrf: string;
}

export async function signedInLearner(citySecret: string, email = `learner-${randomBytes(6).toString('hex')}@example.org`): Promise<TestLearner> {
  const now = new Date().toISOString();
  const id = randomBytes(10).toString('hex');
  const recipientKey = createHmac('sha256', deriveCityKey(citySecret, 'recipient-keys')).update(email.trim().toLowerCase()).digest('hex');
  const created = await createLearner(
    { id, subjects: [`test-subject-${id}`], status: 'active', ageBand: '18-24', settings: defaultSettings('18-24'), consents: [], createdAt: now, updatedAt: now },
    { recipientKey, sealedEmail: seal(email, versionedKeys(parseCityKeyring(citySecret), 'sealed-addresses'), recipientKey), verifiedAt: now, signIn: true },
  );
  if (!created) throw new Error('The test learner could not be created');
  const sessionId = newSessionId();
  const hash = sessionHash(sessionId);
  await putSession({ hash, learnerId: id, createdAt: now, lastSeenAt: now });
  const csrf = createHmac('sha256', deriveCityKey(citySecret, 'session-csrf')).update(hash).digest('base64url');
  return { id, email, cookie: `${SESSION_COOKIE}=${sessionId}`, csrf };
}
