// Which children a signed-in learner is the guardian of: the accounts that named one of the learner's
// verified addresses as their guardian's (functions/data/learners.ts, pattern 43b). Signing in with
// that address proves it as the consent link does; the index is read again, strongly consistent, and
// the guardian's key checked on each account before it counts. No child's name is kept, so a child is
// told apart by their age band and when their account started.
import { childrenOfGuardian, getLearner, listAddresses } from '../data/learners';
import { AGE_BAND_LABELS, type LearnerAccount } from '../domain/learners';

export interface GuardiansChild {
  id: string;
  label: string;
  status: LearnerAccount['status'];
}

const startedOn = (at: string) => new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export async function guardiansChildren(guardianId: string): Promise<GuardiansChild[]> {
  const children: GuardiansChild[] = [];
  for (const address of await listAddresses(guardianId)) {
    for (const id of await childrenOfGuardian(address.recipientKey)) {
      const child = await getLearner(id);
      if (!child || child.guardian?.recipientKey !== address.recipientKey || (child.status !== 'active' && child.status !== 'awaiting-consent')) continue;
      const band = child.ageBand ? AGE_BAND_LABELS[child.ageBand] : 'Child';
      const waiting = child.status === 'awaiting-consent' ? ', waiting for your consent' : '';
      children.push({ id, label: `${band}, account started ${startedOn(child.createdAt)}${waiting}`, status: child.status });
    }
  }
  return children;
}
