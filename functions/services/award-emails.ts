// Telling a learner they have a badge. The award's own transaction wrote an outbox item holding their
// address, sealed to the award (functions/services/awarding.ts); the notifications consumer of the
// table's stream calls `deliverAwardEmail` for it. A delivery reads the outbox item first (strongly
// consistent): a redelivery of an email already sent finds it gone and sends nothing. The item is
// deleted only after the sender accepted the email, so a crash in between sends it again rather than
// never (at least once: a second copy is the rarer and lesser harm). A learner who unsubscribed from
// the provider, or whose address bounced or complained, is sent nothing, and the address goes at once.
import { readCity } from '../../definitions/city-env';
import { cityKey, cityKeys } from '../auth/city-secret';
import { getAward } from '../data/awards';
import { getBadgeClassVersion } from '../data/badge-classes';
import { deleteOutboxEntry, getOutboxEntry, mailBlock, OUTBOX_PREFIX, putPassportLink } from '../data/notifications';
import { getProvider } from '../data/providers';
import { awardUrls } from '../domain/awards';
import { awardEmail } from '../domain/mail/award-email';
import type { OutgoingMail } from '../mail/send';
import { newPassportToken, PASSPORT_LINK_DAYS, passportAddUrl, signUnsubscribe, unsubscribeUrl } from '../domain/mail/links';
import { open, sealedKeyId } from '../domain/sealed-text';

const city = readCity();

/** Sends one email: the mail sender (functions/mail/send.ts: SES v2 in AWS, the local SES locally); tests pass their own. */
export type SendMail = (mail: OutgoingMail) => Promise<unknown>;

export type DeliveryOutcome = 'sent' | 'already-sent' | 'unsubscribed' | 'suppressed' | 'withdrawn';

/** The award an outbox item's key names, or undefined for any other item. */
export const outboxAwardId = (pk: string) => (pk.startsWith(OUTBOX_PREFIX) ? pk.slice(OUTBOX_PREFIX.length) : undefined);

export async function deliverAwardEmail(awardId: string, send: SendMail, now: Date): Promise<DeliveryOutcome> {
  const entry = await getOutboxEntry(awardId);
  if (!entry) return 'already-sent';
  const block = await mailBlock(entry.recipientKey, entry.providerId);
  const award = block ? undefined : await getAward(awardId);
  if (block || !award || award.revoked) {
    await deleteOutboxEntry(awardId);
    return block === 'unsubscribed' ? 'unsubscribed' : block ? 'suppressed' : 'withdrawn';
  }
  const [badgeClass, provider, addressKey, linkKey] = await Promise.all([
    getBadgeClassVersion(award.badgeClassId, award.badgeClassVersion),
    getProvider(award.issuerId),
    cityKeys('mail-addresses', [sealedKeyId(entry.sealedAddress)]),
    cityKey('mail-links'),
  ]);
  if (!badgeClass || !provider) throw new Error(`Award ${awardId} names a badge class version or provider that is missing`);
  const address = open(entry.sealedAddress, addressKey, awardId);
  const passport = newPassportToken();
  await putPassportLink(passport.hash, { awardId, recipientKey: entry.recipientKey, expiresAt: Math.floor(now.getTime() / 1000) + PASSPORT_LINK_DAYS * 86_400 });
  const message = awardEmail(city, {
    badgeName: badgeClass.name,
    badgeDescription: badgeClass.description,
    providerName: provider.name,
    badgeUrl: awardUrls(city.baseUrl, awardId).page,
    addToPassportUrl: passportAddUrl(city.baseUrl, passport.token),
    unsubscribeUrl: unsubscribeUrl(city.baseUrl, signUnsubscribe(linkKey, { recipientKey: entry.recipientKey, providerId: provider.id })),
    linkDays: PASSPORT_LINK_DAYS,
  });
  await send({ to: address, purpose: 'award', ...message });
  await deleteOutboxEntry(awardId);
  return 'sent';
}
