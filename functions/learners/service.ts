// What learners (and their guardians) do with their accounts: sign in, give an age band, wait for a
// guardian, change settings and consents, add and verify addresses, export everything, delete it all.
// The one service of the learners group: handlers call one function each.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { readCity } from '../../definitions/city-env';
import { cityKey } from '../auth/city-secret';
import { endEverySession, endSession, startSession, type SignedInLearner } from '../auth/learner-session';
import { finishSignIn, startSignIn } from '../auth/oidc-client';
import { getGuardianLink, putGuardianLink, takeGuardianLink, type GuardianLink } from '../data/guardian-links';
import { putSignInFlow, takeSignInFlow } from '../data/learner-sessions';
import {
  addAddress,
  addressHolder,
  createLearner,
  getLearner,
  getVerification,
  learnerIdForSubject,
  linkSubject,
  listAddresses,
  putVerification,
  removeAddress,
  spendVerificationAttempt,
  updateLearner,
  type LearnerAddress,
} from '../data/learners';
import { takeRateToken } from '../data/rate-limits';
import { DomainError, invalid } from '../domain/errors';
import { randomId } from '../domain/ids';
import {
  activeConsent,
  AGE_BAND_LABELS,
  CONSENT_PERIOD_DAYS,
  CONSENT_TEXTS,
  defaultSettings,
  giveConsent,
  needsGuardian,
  newAccount,
  postcodeDistrict,
  withdrawConsent,
  type AgeBand,
  type LearnerAccount,
  type PrivacySettings,
} from '../domain/learners';
import { nonceHash, signLink, verifyLink } from '../domain/signed-links';
import { renderMail } from '../mail/message';
import { sendMail } from '../mail/send';
import { deleteAccount } from '../services/account-deletion';
import type { GuardianHeldBadge } from '../domain/pages/learner-pages';
import { heldBadges } from '../services/held-badges';
import { openAddress, sealAddress } from '../services/learner-addresses';
import { recipientKey } from '../services/recipients';

const city = readCity();
const { baseUrl } = city;

const SIGN_IN_FLOW_SECONDS = 10 * 60;
const CONSENT_LINK_DAYS = CONSENT_PERIOD_DAYS;
const MANAGE_LINK_DAYS = 90;
const ADDRESS_CODE_MINUTES = 15;
const ADDRESS_CODE_ATTEMPTS = 5;
/** Verification codes a learner may have sent in an hour, and to any one address. */
export const ADDRESS_CODES_PER_LEARNER = 10;
export const ADDRESS_CODES_PER_ADDRESS = 3;
/** Consent requests mailed for one account in a day. */
const CONSENT_MAILS_PER_DAY = 3;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A path of this city to return to after signing in: anything else (another host, `//x`) is dropped. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 500) return '/passport';
  return next;
}

// --- Signing in -----------------------------------------------------------------------------------

export const SIGN_IN_COOKIE = 'learner-sign-in';

/** Starts a sign-in: where to send the browser, and the cookie that binds the flow to this browser. */
export async function beginSignIn(next: string | undefined, now = new Date()): Promise<{ url: string; cookie: string }> {
  const start = await startSignIn();
  await putSignInFlow(sha256(start.state), {
    nonce: start.nonce,
    codeVerifier: start.codeVerifier,
    next: safeNext(next),
    expiresAt: Math.floor(now.getTime() / 1000) + SIGN_IN_FLOW_SECONDS,
  });
  const secure = new URL(baseUrl).protocol === 'https:' ? '; Secure' : '';
  return { url: start.url, cookie: `${SIGN_IN_COOKIE}=${start.state}; Path=/sign-in; HttpOnly; SameSite=Lax; Max-Age=${SIGN_IN_FLOW_SECONDS}${secure}` };
}

export const clearedSignInCookie = () => `${SIGN_IN_COOKIE}=; Path=/sign-in; HttpOnly; SameSite=Lax; Max-Age=0${new URL(baseUrl).protocol === 'https:' ? '; Secure' : ''}`;

/**
 * Finishes a sign-in: the state must be the one this browser started with (no login CSRF), the flow
 * unused, the code and ID token good. The learner is the one this identity signed in as before, or
 * the one holding its (verified) address, or new.
 */
export async function completeSignIn(callbackUrl: URL, browserState: string | undefined, now = new Date()): Promise<{ cookie: string; next: string }> {
  const state = callbackUrl.searchParams.get('state') ?? '';
  const refused = new DomainError('unauthenticated', 'This sign-in could not be completed: start again');
  if (!browserState || browserState.length !== state.length || !timingSafeEqual(Buffer.from(browserState), Buffer.from(state))) throw refused;
  const flow = await takeSignInFlow(sha256(state), now);
  if (!flow) throw refused;
  const identity = await finishSignIn(callbackUrl, { state, nonce: flow.nonce, codeVerifier: flow.codeVerifier }).catch(() => {
    throw refused;
  });
  const subject = sha256(`${identity.issuer}\n${identity.subject}`);
  const learnerId = (await learnerIdForSubject(subject)) ?? (await learnerForNewIdentity(subject, identity.subject, identity.email, now));
  const found = await getLearner(learnerId);
  if (found?.status === 'deleting') throw new DomainError('unauthenticated', 'This account is being deleted. Try again in an hour to start a new one.');
  const account = found ? await rememberSignInUser(found, identity.subject, now) : undefined;
  const cookie = await startSession(learnerId, now);
  return { cookie, next: account?.status === 'active' ? flow.next : '/account' };
}

/** Accounts made before the provider's users were kept learn theirs at the next sign-in (deletion needs it). */
async function rememberSignInUser(account: LearnerAccount, signInUser: string, now: Date): Promise<LearnerAccount> {
  if (account.signInUsers?.includes(signInUser)) return account;
  const next = { ...account, signInUsers: [...(account.signInUsers ?? []), signInUser], updatedAt: now.toISOString() };
  return (await updateLearner(next, account.updatedAt)) ? next : account;
}

async function learnerForNewIdentity(subject: string, signInUser: string, email: string, now: Date): Promise<string> {
  const recipient = await recipientKey(email);
  const holder = await addressHolder(recipient);
  if (holder) {
    // They verified this address on their account before: it signs them in to that account.
    const account = await getLearner(holder);
    if (account?.status === 'deleting') return holder;
    if (account) {
      await linkSubject(subject, holder);
      const signInUsers = [...new Set([...(account.signInUsers ?? []), signInUser])];
      await updateLearner({ ...account, subjects: [...new Set([...account.subjects, subject])], signInUsers, updatedAt: now.toISOString() }, account.updatedAt);
      return holder;
    }
  }
  const account = newAccount(randomId(16), subject, signInUser, now);
  const address: LearnerAddress = { recipientKey: recipient, sealedEmail: await sealAddress(email, recipient), verifiedAt: now.toISOString(), signIn: true };
  if (await createLearner(account, holder ? undefined : address)) return account.id;
  // Two callbacks of one identity raced: the other made the account.
  const winner = await learnerIdForSubject(subject);
  if (!winner) throw new Error('The account was neither created nor found');
  return winner;
}

// --- Age band and guardian consent ----------------------------------------------------------------

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function saveAccount(account: LearnerAccount, next: LearnerAccount): Promise<LearnerAccount> {
  if (!(await updateLearner(next, account.updatedAt))) throw new DomainError('conflict', 'Your account changed in another window: reload the page and try again');
  return next;
}

/** The learner's answer to "how old are you": an age band; an under-13 names a guardian, whose consent is asked for. */
export async function setAgeBand(learner: SignedInLearner, band: AgeBand, guardianEmail: string | undefined, now = new Date()): Promise<LearnerAccount> {
  const { account } = learner;
  if (account.status !== 'new') throw new DomainError('conflict', 'Your age band is already set');
  const updatedAt = now.toISOString();
  if (!needsGuardian(band)) {
    return saveAccount(account, { ...account, status: 'active', ageBand: band, settings: defaultSettings(band), updatedAt });
  }
  const email = guardianEmail?.trim() ?? '';
  if (!EMAIL.test(email) || email.length > 254) {
    throw invalid([{ in: 'body', field: 'guardianEmail', detail: 'Under 13: enter the email address of a parent or guardian' }]);
  }
  const recipient = await recipientKey(email);
  if ((await listAddresses(account.id)).some((a) => a.recipientKey === recipient)) {
    throw invalid([{ in: 'body', field: 'guardianEmail', detail: "This is your own address: enter your parent's or guardian's" }]);
  }
  const next = await saveAccount(account, {
    ...account,
    status: 'awaiting-consent',
    ageBand: band,
    settings: defaultSettings(band),
    guardian: { recipientKey: recipient, sealedEmail: await sealAddress(email, recipient), requestedAt: updatedAt },
    updatedAt,
  });
  await mailConsentRequest(next, email, now);
  return next;
}

/** Asks the guardian again (a lost mail), a few times a day at most. */
export async function resendConsentRequest(learner: SignedInLearner, now = new Date()): Promise<void> {
  const { account } = learner;
  if (account.status !== 'awaiting-consent' || !account.guardian) throw new DomainError('conflict', 'No consent is being waited for');
  const email = await openAddress(account.guardian.sealedEmail, account.guardian.recipientKey);
  await mailConsentRequest(account, email, now);
  // The new link lasts 7 days from now, and the account waits as long (deletionDue).
  await saveAccount(account, { ...account, guardian: { ...account.guardian, lastRequestedAt: now.toISOString() }, updatedAt: now.toISOString() });
}

async function guardianLink(learnerId: string, purpose: GuardianLink['purpose'], days: number, now: Date): Promise<string> {
  const link = signLink(await cityKey('guardian-links'), purpose, new Date(now.getTime() + days * 24 * 60 * 60 * 1000));
  await putGuardianLink(nonceHash(link.nonce), { learnerId, purpose, expiresAt: link.expires });
  return `${baseUrl}/guardian?token=${link.token}`;
}

async function mailConsentRequest(account: LearnerAccount, guardianEmail: string, now: Date): Promise<void> {
  if (!(await takeRateToken('consent-mail', account.id, CONSENT_MAILS_PER_DAY, 24 * 60 * 60, now))) {
    throw new DomainError('rate-limited', 'We have already emailed your parent or guardian several times today: try again tomorrow');
  }
  const url = await guardianLink(account.id, 'consent', CONSENT_LINK_DAYS, now);
  const name = city.branding.displayName;
  await sendMail({
    ...renderMail(city, {
      subject: `Your child asked to join ${name}`,
      heading: 'Your permission is needed',
      paragraphs: [
        `Someone under 13 gave this address as their parent's or guardian's when they started a learning passport with ${name}. A learning passport keeps the digital badges they earn at clubs, libraries, schools and events in the city.`,
        'Their account can do nothing until you agree. The city keeps only their age band, the email addresses they add and their badges: no name, no birth date, no location.',
        `Open the link to see the account and agree, or to delete it. The link works once, for ${CONSENT_LINK_DAYS} days.`,
      ],
      action: { label: 'See the account', url },
      footnote: `You got this because this address was given as a parent's or guardian's. If you do not know about it, do nothing: the account is deleted after ${CONSENT_LINK_DAYS} days without consent.`,
    }),
    to: guardianEmail,
    purpose: 'guardian-consent',
  });
}

export interface GuardianView {
  token: string;
  purpose: GuardianLink['purpose'];
  account: LearnerAccount;
  addresses: number;
  /** The badges saved for the child until the guardian agrees: what agreeing releases. */
  held: GuardianHeldBadge[];
}

async function guardianLinkFor(token: string, now: Date): Promise<{ nonce: string; link: GuardianLink; account: LearnerAccount } | undefined> {
  const key = await cityKey('guardian-links');
  for (const purpose of ['consent', 'manage'] as const) {
    const nonce = verifyLink(key, purpose, token, now);
    if (!nonce) continue;
    const link = await getGuardianLink(nonceHash(nonce), now);
    const account = link && link.purpose === purpose ? await getLearner(link.learnerId) : undefined;
    return link && account ? { nonce, link, account } : undefined;
  }
  return undefined;
}

const linkGone = () => new DomainError('not-found', 'This link has expired, was already used, or the account no longer exists');

export async function guardianView(token: string, now = new Date()): Promise<GuardianView> {
  const found = await guardianLinkFor(token, now);
  if (!found) throw linkGone();
  const [addresses, held] = await Promise.all([listAddresses(found.account.id), heldBadges(found.account.id, now)]);
  return { token, purpose: found.link.purpose, account: found.account, addresses: addresses.length, held };
}

/** The guardian agrees (a consent link only) or deletes the account (either link). Each link acts once. */
export async function guardianAct(token: string, action: 'consent' | 'delete', now = new Date()): Promise<'consented' | 'deleted'> {
  const found = await guardianLinkFor(token, now);
  if (!found) throw linkGone();
  const { account, link } = found;
  if (action === 'consent' && (link.purpose !== 'consent' || account.status !== 'awaiting-consent' || !account.guardian)) throw linkGone();
  if (action === 'delete') {
    // Deleting first: a deletion cut short leaves the link working for a retry (and the account marked, for the purge).
    await deleteAccount(account.id, 'guardian', now);
    await takeGuardianLink(nonceHash(found.nonce));
    return 'deleted';
  }
  if (!(await takeGuardianLink(nonceHash(found.nonce)))) throw linkGone();
  const guardian = account.guardian!;
  await saveAccount(account, {
    ...account,
    status: 'active',
    consents: giveConsent(account, 'guardian', now),
    guardian: { ...guardian, consentedAt: now.toISOString() },
    updatedAt: now.toISOString(),
  });
  const manage = await guardianLink(account.id, 'manage', MANAGE_LINK_DAYS, now);
  await sendMail({
    ...renderMail(city, {
      subject: `You agreed: your child's passport with ${city.branding.displayName} is open`,
      heading: 'Thank you: the account is open',
      paragraphs: [
        'You agreed that your child may have a learning passport. They can now collect their badges.',
        `To see the account or delete it at any time, use the link below (it works once, for ${MANAGE_LINK_DAYS} days; your child can also delete it themselves).`,
        `Some events give claim codes for parents and guardians to claim for their child: sign in at ${baseUrl}/sign-in with this email address, open the code, and choose your child.`,
      ],
      action: { label: 'See or delete the account', url: manage },
      footnote: `You got this because you gave consent on ${city.branding.displayName}.`,
    }),
    to: await openAddress(guardian.sealedEmail, guardian.recipientKey),
    purpose: 'guardian-consented',
  });
  return 'consented';
}

// --- Settings and consents ------------------------------------------------------------------------

export interface SettingsChange {
  settings: PrivacySettings;
  insightsArea: boolean;
  /** A postcode or district as typed; only its district is kept. */
  postcode?: string;
  insightsAgeBand: boolean;
}

export async function changeSettings(learner: SignedInLearner, change: SettingsChange, now = new Date()): Promise<LearnerAccount> {
  const { account } = learner;
  let consents = account.consents;
  let area = account.area;
  if (change.insightsArea) {
    const district = change.postcode ? postcodeDistrict(change.postcode) : area;
    if (!district) throw invalid([{ in: 'body', field: 'postcode', detail: 'Enter a UK postcode district, like B15 (or a whole postcode: only its first part is kept)' }]);
    area = district;
    consents = giveConsent({ ...account, consents }, 'insights-area', now);
  } else {
    area = undefined;
    if (activeConsent(account, 'insights-area')) consents = withdrawConsent({ ...account, consents }, 'insights-area', now);
  }
  if (change.insightsAgeBand) consents = giveConsent({ ...account, consents }, 'insights-age-band', now);
  else if (activeConsent(account, 'insights-age-band')) consents = withdrawConsent({ ...account, consents }, 'insights-age-band', now);
  const { area: _old, ...rest } = account;
  return saveAccount(account, { ...rest, ...(area ? { area } : {}), settings: change.settings, consents, updatedAt: now.toISOString() });
}

// --- Addresses ------------------------------------------------------------------------------------

export interface ShownAddress {
  recipientKey: string;
  email: string;
  verifiedAt: string;
  signIn: boolean;
}

export async function addresses(learnerId: string): Promise<ShownAddress[]> {
  const stored = await listAddresses(learnerId);
  return Promise.all(
    stored.map(async (a) => ({ recipientKey: a.recipientKey, email: await openAddress(a.sealedEmail, a.recipientKey), verifiedAt: a.verifiedAt, signIn: a.signIn === true })),
  );
}

const codeHash = (learnerId: string, recipient: string, code: string) => sha256(`${learnerId}\n${recipient}\n${code}`);

/** Mails a code to a new address. The same answer whoever holds the address: only the code proves it. */
export async function startAddressVerification(learner: SignedInLearner, email: string, now = new Date()): Promise<void> {
  const address = email.trim();
  if (!EMAIL.test(address) || address.length > 254) throw invalid([{ in: 'body', field: 'email', detail: 'Enter an email address, like name@example.org' }]);
  const recipient = await recipientKey(address);
  const hour = 60 * 60;
  if (!(await takeRateToken('address-code-learner', learner.account.id, ADDRESS_CODES_PER_LEARNER, hour, now)) || !(await takeRateToken('address-code', recipient, ADDRESS_CODES_PER_ADDRESS, hour, now))) {
    throw new DomainError('rate-limited', 'Too many codes sent: wait an hour and try again');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await putVerification(learner.account.id, {
    recipientKey: recipient,
    sealedEmail: await sealAddress(address, recipient),
    codeHash: codeHash(learner.account.id, recipient, code),
    attemptsLeft: ADDRESS_CODE_ATTEMPTS,
    expiresAt: Math.floor(now.getTime() / 1000) + ADDRESS_CODE_MINUTES * 60,
  });
  await sendMail({
    ...renderMail(city, {
      subject: `Your code to add this address to ${city.branding.displayName}`,
      heading: 'Add this address to your passport',
      paragraphs: [`Enter this code on your account page to add this address. Badges sent to it will then show in your passport. It works for ${ADDRESS_CODE_MINUTES} minutes.`],
      code,
      footnote: 'Someone asked to add this address to their learning passport. If it was not you, ignore this email: without the code nothing happens.',
    }),
    to: address,
    purpose: 'address-code',
  });
}

export async function verifyAddress(learner: SignedInLearner, email: string, code: string, now = new Date()): Promise<void> {
  const recipient = await recipientKey(email.trim());
  const wrong = invalid([{ in: 'body', field: 'code', detail: 'That code is not right, or has expired: check the email or ask for a new one' }]);
  const pending = await getVerification(learner.account.id, recipient, now);
  if (!pending || !(await spendVerificationAttempt(learner.account.id, recipient))) throw wrong;
  const given = Buffer.from(codeHash(learner.account.id, recipient, code.replace(/\s+/g, '')));
  if (!timingSafeEqual(given, Buffer.from(pending.codeHash))) throw wrong;
  const added = await addAddress(learner.account.id, { recipientKey: recipient, sealedEmail: pending.sealedEmail, verifiedAt: now.toISOString() });
  if (!added) throw new DomainError('conflict', 'This address is on another learner’s account: sign in with it to see that passport');
}

export async function forgetAddress(learner: SignedInLearner, recipient: string): Promise<void> {
  const held = (await listAddresses(learner.account.id)).find((a) => a.recipientKey === recipient);
  if (!held) throw new DomainError('not-found', 'That address is not on your account');
  if (held.signIn) throw new DomainError('conflict', 'This is the address you sign in with: it stays while the account does');
  await removeAddress(learner.account.id, recipient);
}

// --- Data rights ----------------------------------------------------------------------------------

/** Everything the city holds about the learner, readable: the account, addresses in clear, consents with their texts. */
export async function exportAccount(learner: SignedInLearner, now = new Date()) {
  const { account } = learner;
  const guardianEmail = account.guardian ? await openAddress(account.guardian.sealedEmail, account.guardian.recipientKey) : undefined;
  return {
    exportedAt: now.toISOString(),
    city: { name: city.name, url: baseUrl },
    account: {
      id: account.id,
      status: account.status,
      ageBand: account.ageBand ? AGE_BAND_LABELS[account.ageBand] : undefined,
      settings: account.settings,
      area: account.area,
      createdAt: account.createdAt,
      updatedAt: account.updatedAt,
      signInUsers: account.signInUsers ?? [],
    },
    addresses: (await addresses(account.id)).map((a) => ({ email: a.email, verifiedAt: a.verifiedAt, signIn: a.signIn })),
    consents: account.consents.map((c) => ({ ...c, text: CONSENT_TEXTS[c.purpose].text })),
    guardian: account.guardian ? { email: guardianEmail, requestedAt: account.guardian.requestedAt, consentedAt: account.guardian.consentedAt } : undefined,
    notes: [
      'Sign-in identities are kept as hashes, beside the sign-in provider’s user ids (signInUsers), so that deleting the account deletes them there too; sessions only as hashes of their ids.',
      'Badges are the providers’ records: they are listed in your passport (and its download) by the addresses above.',
    ],
  };
}

/** Deletes the learner's own account at once (functions/services/account-deletion.ts). */
export const deleteOwnAccount = (learner: SignedInLearner, now = new Date()) => deleteAccount(learner.account.id, 'learner', now);

/** The session a learner signed out of is gone at once; for "everywhere", every one of theirs. */
export async function signOut(learner: SignedInLearner, everywhere: boolean): Promise<void> {
  if (everywhere) await endEverySession(learner.account.id);
  else await endSession(learner);
}
