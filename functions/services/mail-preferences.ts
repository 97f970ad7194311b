// What a learner (or their mail provider) says about badge emails: "no more from this provider" (the
// signed link in every award email, and the List-Unsubscribe one-click POST), and SES's word that an
// address bounced for good or complained (functions/mail-events/handler.ts). Both are stored against
// the recipient key, the keyed hash of the address, which the outbox item carries: the delivery checks
// them before sending (functions/services/award-emails.ts).
import { cityKey } from '../auth/city-secret';
import { putSuppression, putUnsubscribe, type SuppressionReason } from '../data/notifications';
import { getProvider } from '../data/providers';
import { notFound } from '../domain/errors';
import { readUnsubscribe, type UnsubscribeTarget } from '../domain/mail/links';
import { recipientKey } from './recipients';

/** What an unsubscribe link stands for, and the provider's name to show; not found for a link the city did not sign. */
export async function unsubscribeTarget(token: string): Promise<UnsubscribeTarget & { providerName: string }> {
  const target = readUnsubscribe(await cityKey('mail-links'), token);
  const provider = target && (await getProvider(target.providerId));
  if (!target || !provider) throw notFound('This unsubscribe link');
  return { ...target, providerName: provider.name };
}

export async function unsubscribe(token: string, now: Date): Promise<{ providerName: string }> {
  const target = await unsubscribeTarget(token);
  await putUnsubscribe(target.recipientKey, target.providerId, now);
  return { providerName: target.providerName };
}

/** No more email to these addresses (each used only to compute its recipient key). */
export async function suppressAddresses(addresses: readonly string[], reason: SuppressionReason, now: Date): Promise<number> {
  const keys = new Set(await Promise.all(addresses.map((address) => recipientKey(address))));
  for (const key of keys) await putSuppression(key, reason, now);
  return keys.size;
}
