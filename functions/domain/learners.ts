// A learner's account as the city keeps it. No name, no birth date, no address in clear: an age band
// the learner chose, the privacy settings that follow from it (high privacy by default for under-18s,
// after the ICO Age Appropriate Design Code), each consent with the version of the text agreed to and
// when, and for an under-13 the guardian whose consent the account waits for (UK GDPR art. 8).
// Pure: no AWS, no keys (the data and service layers hold those).
import * as z from 'zod/mini';

export const AGE_BANDS = ['under-13', '13-15', '16-17', '18-24', '25-plus'] as const;
export const AgeBandSchema = z.enum(AGE_BANDS);
export type AgeBand = z.infer<typeof AgeBandSchema>;

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  'under-13': 'Under 13',
  '13-15': '13 to 15',
  '16-17': '16 or 17',
  '18-24': '18 to 24',
  '25-plus': '25 or over',
};

export const isMinor = (band: AgeBand) => band === 'under-13' || band === '13-15' || band === '16-17';
export const needsGuardian = (band: AgeBand) => band === 'under-13';

/**
 * What the city may do with the learner's data, as account settings (the passport reads them). Every
 * one is the learner's to change; the defaults are the most private for under-18s.
 */
export const PrivacySettingsSchema = z.object({
  /** A public profile may be made at all (the passport's sharing; off until the learner turns it on). */
  publicProfile: z.boolean(),
  /** Opportunities suggested from the learner's badges, age band and area. */
  recommendations: z.boolean(),
  /** Reminder and encouragement mails ("you are one badge from …"). Award notices are not nudges. */
  nudges: z.boolean(),
});
export type PrivacySettings = z.infer<typeof PrivacySettingsSchema>;

export function defaultSettings(band: AgeBand): PrivacySettings {
  return isMinor(band) ? { publicProfile: false, recommendations: false, nudges: false } : { publicProfile: false, recommendations: true, nudges: false };
}

/** The texts a learner or guardian agrees to: a new wording gets a new version, consents keep theirs. */
export const CONSENT_TEXTS = {
  'insights-area': {
    version: '2026-12-01',
    text: 'The city may count my badges by my postcode district (never my full postcode) in its statistics about learning across the city.',
  },
  'insights-age-band': {
    version: '2026-12-01',
    text: 'The city may count my badges by my age band in its statistics about learning across the city.',
  },
  guardian: {
    version: '2026-12-01',
    text: 'I am the parent or guardian of this child. I agree that they may have a learning passport with this City of Learning: the city keeps the badges they earn, the email addresses they add and the age band they chose, and nothing else about them.',
  },
} as const;
export type ConsentPurpose = keyof typeof CONSENT_TEXTS;
export const CONSENT_PURPOSES = Object.keys(CONSENT_TEXTS) as ConsentPurpose[];

export const ConsentSchema = z.object({
  purpose: z.enum(CONSENT_PURPOSES as [ConsentPurpose, ...ConsentPurpose[]]),
  textVersion: z.string(),
  givenAt: z.string(),
  /** Withdrawn consents are kept (when it was given, when withdrawn): the record of what was agreed. */
  withdrawnAt: z.optional(z.string()),
});
export type Consent = z.infer<typeof ConsentSchema>;

/**
 * `deleting`: the learner or their guardian asked for deletion, or the guardian never agreed. The
 * account stands (signing nobody in) until every part of it is gone, so a deletion cut short is
 * finished by the next scheduled run (functions/learners/purge.ts).
 */
export const LearnerStatusSchema = z.enum(['new', 'awaiting-consent', 'active', 'deleting']);
export type LearnerStatus = z.infer<typeof LearnerStatusSchema>;

export const LearnerAccountSchema = z.object({
  id: z.string(),
  /** The sign-in identities, hashed (issuer and subject), to find the learner by. */
  subjects: z.array(z.string()),
  /**
   * The provider's user of each identity (its `sub`: the pool's username), kept only so that deleting
   * the account deletes them in the pool too. Random ids, no address.
   */
  signInUsers: z.optional(z.array(z.string())),
  /** `new` until the age band is given; `awaiting-consent` for an under-13 until the guardian agrees. */
  status: LearnerStatusSchema,
  ageBand: z.optional(AgeBandSchema),
  settings: PrivacySettingsSchema,
  /** A postcode district (`B15`), only with the learner's consent to insights-area. */
  area: z.optional(z.string()),
  consents: z.array(ConsentSchema),
  guardian: z.optional(
    z.object({
      /** Recipient key of the guardian's address, and the address sealed (to send the consent request). */
      recipientKey: z.string(),
      sealedEmail: z.string(),
      requestedAt: z.string(),
      /** When consent was last asked for (the request mailed again): the account waits 7 days from then. */
      lastRequestedAt: z.optional(z.string()),
      consentedAt: z.optional(z.string()),
    }),
  ),
  /** Who asked for the deletion, and when (status `deleting`): the audit entry names both. */
  deletion: z.optional(z.object({ by: z.enum(['learner', 'guardian', 'city']), requestedAt: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LearnerAccount = z.infer<typeof LearnerAccountSchema>;

/** Whether the account may do anything yet (an under-13's waits for the guardian; a new one for its age band). */
export const accountActive = (account: LearnerAccount) => account.status === 'active';

export function newAccount(id: string, subject: string, signInUser: string, now: Date): LearnerAccount {
  const at = now.toISOString();
  return { id, subjects: [subject], signInUsers: [signInUser], status: 'new', settings: defaultSettings('under-13'), consents: [], createdAt: at, updatedAt: at };
}

/** How long an under-13's account waits for the guardian after each consent request (the link's life too). */
export const CONSENT_PERIOD_DAYS = 7;

/**
 * When the account is due to be deleted: an under-13's awaiting consent, 7 days after the last
 * request; one being deleted, now (its deletion was cut short). Undefined for any other.
 */
export function deletionDue(account: LearnerAccount): string | undefined {
  if (account.status === 'deleting') return account.deletion?.requestedAt ?? account.updatedAt;
  if (account.status !== 'awaiting-consent' || !account.guardian) return undefined;
  const asked = Date.parse(account.guardian.lastRequestedAt ?? account.guardian.requestedAt);
  return new Date(asked + CONSENT_PERIOD_DAYS * 24 * 60 * 60 * 1000).toISOString();
}

/** The consents in force now, by purpose. */
export const activeConsent = (account: LearnerAccount, purpose: ConsentPurpose) => account.consents.find((c) => c.purpose === purpose && !c.withdrawnAt);

export function giveConsent(account: LearnerAccount, purpose: ConsentPurpose, now: Date): Consent[] {
  if (activeConsent(account, purpose)) return account.consents;
  return [...account.consents, { purpose, textVersion: CONSENT_TEXTS[purpose].version, givenAt: now.toISOString() }];
}

export function withdrawConsent(account: LearnerAccount, purpose: ConsentPurpose, now: Date): Consent[] {
  return account.consents.map((c) => (c.purpose === purpose && !c.withdrawnAt ? { ...c, withdrawnAt: now.toISOString() } : c));
}

/**
 * The postcode district (the outward code: `B15` of `B15 2TT`) of a UK postcode or district as typed;
 * undefined when it is neither. The inward part is never returned, so it is never stored.
 */
export function postcodeDistrict(typed: string): string | undefined {
  const compact = typed.toUpperCase().replace(/\s+/g, '');
  const district = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})?$/.exec(compact);
  return district?.[1];
}
