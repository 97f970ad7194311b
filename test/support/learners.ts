// A signed-in learner for unit tests: an account and a session put straight into the in-memory table
// (the sign-in itself is the local provider's, tested against a local city), with the cookie and CSRF
// token a browser would send. Loads the data modules: call it where the table's environment is set.
import { createHmac } from 'node:crypto';
import { deriveCityKey } from '../../functions/domain/city-keys';
import { newSessionId, sessionHash } from '../../functions/domain/learner-sessions';
import { defaultSettings, newAccount, type AgeBand, type LearnerAccount } from '../../functions/domain/learners';
import { unitResources } from './function-env';

export interface UnitLearner {
  account: LearnerAccount;
  /** The `cookies` of an API Gateway event. */
  cookies: string[];
  csrf: string;
}

let made = 0;

export async function unitLearner(options: { ageBand?: AgeBand; status?: LearnerAccount['status'] } = {}): Promise<UnitLearner> {
  const { createLearner } = await import('../../functions/data/learners');
  const { putSession } = await import('../../functions/data/learner-sessions');
  const { SESSION_COOKIE } = await import('../../functions/auth/learner-session');
  const now = new Date();
  const band = options.ageBand ?? '18-24';
  const id = `unitlearner${String(++made).padStart(5, '0')}`;
  const account: LearnerAccount = { ...newAccount(id, `subject-${id}`, `user-${id}`, now), status: options.status ?? 'active', ageBand: band, settings: defaultSettings(band) };
  await createLearner(account, undefined);
  const sessionId = newSessionId();
  const hash = sessionHash(sessionId);
  await putSession({ hash, learnerId: id, createdAt: now.toISOString(), lastSeenAt: now.toISOString() });
  const csrf = createHmac('sha256', deriveCityKey(unitResources.citySecret, 'session-csrf')).update(hash).digest('base64url');
  return { account, cookies: [`${SESSION_COOKIE}=${sessionId}`], csrf };
}
