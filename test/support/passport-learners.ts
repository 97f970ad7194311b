// Learners with badges for the passport's unit tests: a signed-in learner (test/support/learners.ts)
// with verified addresses and the settings a test needs, and the events their browser sends.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AgeBand, PrivacySettings } from '../../functions/domain/learners';
import { httpEvent, type EventInput } from './events';
import { unitLearner, type UnitLearner } from './learners';

export async function passportLearner(options: { emails: string[]; ageBand?: AgeBand; settings?: Partial<PrivacySettings> }): Promise<UnitLearner> {
  const { addAddress, getLearner, updateLearner } = await import('../../functions/data/learners');
  const { recipientKey } = await import('../../functions/services/recipients');
  const learner = await unitLearner(options.ageBand ? { ageBand: options.ageBand } : {});
  const now = new Date().toISOString();
  for (const [i, email] of options.emails.entries()) {
    await addAddress(learner.account.id, { recipientKey: await recipientKey(email), sealedEmail: 'sealed', verifiedAt: now, ...(i === 0 ? { signIn: true } : {}) });
  }
  if (options.settings) {
    const account = (await getLearner(learner.account.id))!;
    await updateLearner({ ...account, settings: { ...account.settings, ...options.settings } }, account.updatedAt);
  }
  return { ...learner, account: (await getLearner(learner.account.id))! };
}

/** The event of a request the learner's browser makes: the session cookie, and a form (with the CSRF token unless told otherwise). */
export function learnerEvent(input: EventInput & { form?: Record<string, string | string[]> }, learner: Pick<UnitLearner, 'cookies'> & { csrf?: string }): APIGatewayProxyEventV2 {
  const { form, ...rest } = input;
  const pairs = form ? Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])) : [];
  if (form && learner.csrf) pairs.push(['csrf', learner.csrf]);
  const body = form ? new URLSearchParams(pairs as [string, string][]).toString() : rest.body;
  return httpEvent({ ...rest, cookies: learner.cookies, ...(form ? { headers: { 'content-type': 'application/x-www-form-urlencoded', ...rest.headers } } : {}), ...(body !== undefined ? { body } : {}) });
}
