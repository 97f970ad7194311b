// Signed-in learners for unit tests, made as signing in makes them (an account, a verified address,
// a session), straight into the in-memory table: for routes of access `learner`.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { readLearner, startSession } from '../../functions/auth/learner-session';
import { addAddress, createLearner } from '../../functions/data/learners';
import { defaultSettings, type AgeBand, type LearnerAccount, type PrivacySettings } from '../../functions/domain/learners';
import { randomId } from '../../functions/domain/ids';
import { recipientKey } from '../../functions/services/recipients';
import { httpEvent, type EventInput } from './events';

export interface TestLearner {
  account: LearnerAccount;
  /** The cookie as a browser sends it back (`name=value`). */
  cookie: string;
  csrf: string;
}

export async function signedInLearner(options: { emails: string[]; ageBand?: AgeBand; settings?: Partial<PrivacySettings> }): Promise<TestLearner> {
  const now = new Date();
  const ageBand = options.ageBand ?? '18-24';
  const account: LearnerAccount = {
    id: randomId(20),
    subjects: [`subject-${randomId(10)}`],
    status: 'active',
    ageBand,
    settings: { ...defaultSettings(ageBand), ...options.settings },
    consents: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const [first, ...more] = await Promise.all(options.emails.map(async (email) => ({ recipientKey: await recipientKey(email), sealedEmail: 'sealed', verifiedAt: now.toISOString() })));
  if (!(await createLearner(account, first && { ...first, signIn: true }))) throw new Error('The test learner exists already');
  for (const address of more) await addAddress(account.id, address);
  const setCookie = await startSession(account.id, now);
  const cookie = setCookie.split(';')[0]!;
  const learner = await readLearner(learnerEvent({ path: '/passport' }, cookie));
  if (!learner) throw new Error('The test learner’s session does not read back');
  return { account, cookie, csrf: learner.csrfToken };
}

/** The event of a request the learner's browser makes (the session cookie, and a form if `form` is given, with the CSRF token). */
export function learnerEvent(input: EventInput & { form?: Record<string, string | string[]> }, cookie: string, csrf?: string): APIGatewayProxyEventV2 {
  const { form, ...rest } = input;
  const body = form
    ? new URLSearchParams([...Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])), ...(csrf ? [['csrf', csrf]] : [])] as [string, string][]).toString()
    : rest.body;
  return {
    ...httpEvent({ ...rest, ...(form ? { headers: { 'content-type': 'application/x-www-form-urlencoded', ...rest.headers } } : {}), ...(body !== undefined ? { body } : {}) }),
    cookies: [cookie],
  };
}
