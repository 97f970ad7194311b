// An award as an Open Badges 3.0 OpenBadgeCredential (VC Data Model 2.0), unsigned. The shape is the
// canonical 1EdTech JSON Schema's: every `type` an array except Image's and IdentityObject's, which
// are plain strings. The recipient's email goes in only as a salted hash.
import * as z from 'zod/mini';
import { CONTEXTS } from './context-urls';
import { hashRecipient } from './recipient';

// Not z.httpUrl(): it wants a dotted host name, and the local city lives at localhost.
const url = z.url({ protocol: /^https?$/ });
const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
// VC 2.0 wants a timezone on every date.
const dateTime = z.iso.datetime({ offset: true });

export const AlignmentInputSchema = z.object({
  targetName: text,
  targetUrl: url,
  targetDescription: z.optional(text),
  targetFramework: z.optional(text),
  targetCode: z.optional(text),
});

export const OpenBadgeCredentialInputSchema = z
  .object({
    /** The award's public URL, which is the credential's id. */
    id: url,
    issuer: z.object({
      id: url,
      name: text,
      url,
      email: z.optional(z.email()),
      description: z.optional(text),
      image: z.optional(url),
    }),
    achievement: z.object({
      id: url,
      name: text,
      description: text,
      criteria: z
        .object({ id: z.optional(url), narrative: z.optional(text) })
        .check(z.refine((c) => c.id !== undefined || c.narrative !== undefined, 'needs an id or a narrative')),
      image: z.object({ id: url, caption: z.optional(text) }),
      alignment: z.array(AlignmentInputSchema),
      tag: z.optional(z.array(text)),
    }),
    recipient: z.union([
      z.object({
        email: z.email(),
        /** Random per award, so that equal emails do not give equal hashes across badges. */
        salt: z.string().check(z.minLength(8)),
      }),
      // The hash itself, as another award of the same earner has it (a milestone's, from its contributing award).
      z.object({ identityHash: z.string().check(z.regex(/^sha256\$[0-9a-f]{64}$/)), salt: z.string().check(z.minLength(8)) }),
    ]),
    /**
     * The learner's own account of what they did, from the award: AchievementSubject.narrative, which
     * OB 3.0 defines as "a narrative that connects multiple pieces of evidence" (the credential's own
     * `evidence`). OB 2.0 has it as Assertion.narrative.
     */
    narrative: z.optional(text),
    validFrom: dateTime,
    validUntil: z.optional(dateTime),
    evidence: z.optional(
      z.array(z.object({ id: z.optional(url), name: z.optional(text), description: z.optional(text), narrative: z.optional(text) })),
    ),
    /** This award's bit in the city's revocation list (a BitstringStatusListCredential). */
    status: z.object({ statusListCredential: url, statusListIndex: z.int().check(z.nonnegative()) }),
  })
  .check(
    z.refine((input) => input.validUntil === undefined || Date.parse(input.validUntil) > Date.parse(input.validFrom), {
      message: 'must be after validFrom',
      path: ['validUntil'],
    }),
  );
export type OpenBadgeCredentialInput = z.infer<typeof OpenBadgeCredentialInputSchema>;

/** Where 1EdTech publishes the schema this credential conforms to; verifiers may fetch it. */
export const ACHIEVEMENT_CREDENTIAL_SCHEMA = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

type Alignment = z.infer<typeof AlignmentInputSchema> & { type: ['Alignment'] };

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  name: string;
  issuer: { id: string; type: ['Profile']; name: string; url: string; email?: string; description?: string; image?: { id: string; type: 'Image' } };
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    type: ['AchievementSubject'];
    narrative?: string;
    identifier: [{ type: 'IdentityObject'; identityHash: string; identityType: 'emailAddress'; hashed: true; salt: string }];
    achievement: {
      id: string;
      type: ['Achievement'];
      name: string;
      description: string;
      criteria: { id?: string; narrative?: string };
      image: { id: string; type: 'Image'; caption?: string };
      alignment?: Alignment[];
      tag?: string[];
    };
  };
  evidence?: { type: ['Evidence']; id?: string; name?: string; description?: string; narrative?: string }[];
  credentialSchema: [{ id: string; type: '1EdTechJsonSchemaValidator2019' }];
  credentialStatus: {
    id: string;
    type: 'BitstringStatusListEntry';
    statusPurpose: 'revocation';
    /** A string, as the Bitstring Status List spec has it. */
    statusListIndex: string;
    statusListCredential: string;
  };
}

/** Throws a zod error when the input is invalid. */
export function buildOpenBadgeCredential(input: OpenBadgeCredentialInput): OpenBadgeCredential {
  const { id, issuer, achievement, recipient, narrative, validFrom, validUntil, evidence, status } = OpenBadgeCredentialInputSchema.parse(input);
  return defined({
    // The extensions context defines 1EdTechJsonSchemaValidator2019, used by credentialSchema below;
    // without it a Data Integrity signer refuses the undefined type.
    '@context': [CONTEXTS.credentialsV2, CONTEXTS.openBadgesV3, CONTEXTS.openBadgesExtensions],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: achievement.name,
    issuer: defined({
      id: issuer.id,
      type: ['Profile'],
      name: issuer.name,
      url: issuer.url,
      email: issuer.email,
      description: issuer.description,
      image: issuer.image === undefined ? undefined : { id: issuer.image, type: 'Image' },
    }),
    validFrom,
    validUntil,
    credentialSubject: defined({
      type: ['AchievementSubject'] as ['AchievementSubject'],
      narrative,
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: 'identityHash' in recipient ? recipient.identityHash : hashRecipient(recipient.email, recipient.salt),
          identityType: 'emailAddress',
          hashed: true,
          salt: recipient.salt,
        },
      ],
      achievement: defined({
        id: achievement.id,
        type: ['Achievement'],
        name: achievement.name,
        description: achievement.description,
        criteria: defined(achievement.criteria),
        image: defined({ id: achievement.image.id, type: 'Image', caption: achievement.image.caption }),
        alignment: nonEmpty(achievement.alignment.map((a): Alignment => defined({ type: ['Alignment'], ...a }))),
        tag: nonEmpty(achievement.tag),
      }),
    }),
    evidence: nonEmpty(evidence?.map((e) => defined({ type: ['Evidence'] as ['Evidence'], ...e }))),
    credentialSchema: [{ id: ACHIEVEMENT_CREDENTIAL_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: {
      // The entry's id names the bit: the list's URL with the index as fragment.
      id: `${status.statusListCredential}#${status.statusListIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(status.statusListIndex),
      statusListCredential: status.statusListCredential,
    },
  });
}

/** Leaves out keys whose value is undefined: an optional input not given stays out of the credential. */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

// An empty list says nothing: the property is left out.
const nonEmpty = <T>(list: T[] | undefined) => (list && list.length > 0 ? list : undefined);
