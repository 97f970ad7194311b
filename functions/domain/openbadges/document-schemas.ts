// The standard documents the city serves, as the API contract describes them: Open Badges 2.0 hosted
// JSON-LD (Issuer, BadgeClass, Assertion), Open Badges 3.0 (Profile, OpenBadgeCredential) and the
// Bitstring Status List credential. Each names the properties that verifiers and backpacks rely on,
// typed as the builders make them, and allows others: the standards let documents carry more, and
// the specifications (not this file) are the full definition. Pure schemas: nothing here signs or
// fetches, so the API document can be built without the JSON-LD stack.
import * as z from 'zod/mini';
import { CONTEXTS } from '../credentials/context-urls';
import { OB2_CONTEXT } from './issuer';

const url = z.url();
const dateTime = z.iso.datetime({ offset: true });
const hashedEmail = z.string().check(z.regex(/^sha256\$[0-9a-f]{64}$/));
const document = <S extends Record<string, z.ZodMiniType>>(id: string, description: string, shape: S) =>
  z.looseObject(shape).check(z.meta({ id, description }));

// Open Badges 2.0 ---------------------------------------------------------------------------------

const ob2Context = z.literal(OB2_CONTEXT);

// One alignment shape for both formats (openBadgesAlignment).
const alignment = z.looseObject({
  targetName: z.string(),
  targetUrl: url,
  targetDescription: z.optional(z.string()),
  targetFramework: z.optional(z.string()),
  targetCode: z.optional(z.string()),
});

export const Ob2IssuerSchema = document('Ob2Issuer', 'An Open Badges 2.0 Issuer profile (hosted JSON-LD)', {
  '@context': ob2Context,
  type: z.literal('Issuer'),
  id: url,
  name: z.string(),
  url,
  email: z.string(),
  description: z.optional(z.string()),
  image: z.optional(url),
});

export const Ob2BadgeClassSchema = document('Ob2BadgeClass', 'An Open Badges 2.0 BadgeClass (hosted JSON-LD); its id is the URL it is served at', {
  '@context': ob2Context,
  type: z.literal('BadgeClass'),
  id: url,
  name: z.string(),
  description: z.string(),
  image: url,
  criteria: z.looseObject({ id: z.optional(url), narrative: z.optional(z.string()) }),
  issuer: url,
  alignment: z.array(alignment),
  tags: z.array(z.string()),
});

export const Ob2AssertionSchema = document(
  'Ob2Assertion',
  'An Open Badges 2.0 hosted Assertion (JSON-LD): the recipient only as a salted SHA-256 hash of the email; revoked: true with the reason once revoked',
  {
    '@context': ob2Context,
    type: z.literal('Assertion'),
    id: url,
    recipient: z.looseObject({ type: z.literal('email'), hashed: z.literal(true), salt: z.string(), identity: hashedEmail }),
    badge: url,
    verification: z.looseObject({ type: z.literal('hosted') }),
    issuedOn: dateTime,
    image: url,
    expires: z.optional(dateTime),
    narrative: z.optional(z.string()),
    evidence: z.optional(
      z.array(z.looseObject({ type: z.literal('Evidence'), id: z.optional(url), name: z.optional(z.string()), narrative: z.optional(z.string()) })),
    ),
    revoked: z.optional(z.literal(true)),
    revocationReason: z.optional(z.string()),
  },
);

// Open Badges 3.0 and Verifiable Credentials 2.0 ----------------------------------------------------

const ldContexts = z.array(z.string());
// JSON-LD `type`s are fixed lists here (z.tuple), as the OB 3.0 JSON Schema wants them.

export const DataIntegrityProofSchema = z.looseObject({
  type: z.literal('DataIntegrityProof'),
  cryptosuite: z.literal('eddsa-rdfc-2022'),
  created: dateTime,
  /** The city's key, under the issuer profile: `<profile URL>#<publicKeyMultibase>`. */
  verificationMethod: url,
  proofPurpose: z.literal('assertionMethod'),
  proofValue: z.string(),
});
/** The 1EdTech JSON Schema wants `proof` as an array. */
const proofs = z.array(DataIntegrityProofSchema).check(z.minLength(1));

export const Ob3ProfileSchema = document(
  'Ob3Profile',
  "An Open Badges 3.0 Profile, which is also the controller document of the city's signing key for this issuer",
  {
    '@context': z.tuple([z.literal(CONTEXTS.didV1), z.literal(CONTEXTS.multikeyV1), z.literal(CONTEXTS.openBadgesV3)]),
    id: url,
    type: z.tuple([z.literal('Profile')]),
    name: z.string(),
    url,
    email: z.string(),
    description: z.optional(z.string()),
    image: z.optional(z.looseObject({ id: url, type: z.literal('Image') })),
    verificationMethod: z.array(
      z.looseObject({ id: url, type: z.literal('Multikey'), controller: url, publicKeyMultibase: z.string().check(z.regex(/^z[1-9A-HJ-NP-Za-km-z]+$/)) }),
    ),
    assertionMethod: z.array(url),
  },
);

export const OpenBadgeCredentialSchema = document(
  'OpenBadgeCredential',
  'An Open Badges 3.0 OpenBadgeCredential (VC Data Model 2.0), signed with an embedded Data Integrity proof (eddsa-rdfc-2022); its credentialStatus points at the issuer’s revocation list',
  {
    '@context': ldContexts,
    id: url,
    type: z.tuple([z.literal('VerifiableCredential'), z.literal('OpenBadgeCredential')]),
    name: z.string(),
    issuer: z.looseObject({ id: url, type: z.tuple([z.literal('Profile')]), name: z.string(), url: z.optional(url), email: z.optional(z.string()) }),
    validFrom: dateTime,
    validUntil: z.optional(dateTime),
    credentialSubject: z.looseObject({
      type: z.tuple([z.literal('AchievementSubject')]),
      identifier: z.array(
        z.looseObject({ type: z.literal('IdentityObject'), identityHash: hashedEmail, identityType: z.literal('emailAddress'), hashed: z.literal(true), salt: z.string() }),
      ),
      achievement: z.looseObject({
        id: url,
        type: z.tuple([z.literal('Achievement')]),
        name: z.string(),
        description: z.string(),
        criteria: z.looseObject({ id: z.optional(url), narrative: z.optional(z.string()) }),
        image: z.looseObject({ id: url, type: z.literal('Image') }),
        alignment: z.optional(z.array(z.extend(alignment, { type: z.tuple([z.literal('Alignment')]) }))),
        tag: z.optional(z.array(z.string())),
      }),
    }),
    evidence: z.optional(z.array(z.looseObject({ type: z.tuple([z.literal('Evidence')]) }))),
    credentialSchema: z.array(z.looseObject({ id: url, type: z.string() })),
    credentialStatus: z.looseObject({
      id: url,
      type: z.literal('BitstringStatusListEntry'),
      statusPurpose: z.literal('revocation'),
      statusListIndex: z.string().check(z.regex(/^\d+$/)),
      statusListCredential: url,
    }),
    proof: proofs,
  },
);

export const StatusListCredentialSchema = document(
  'BitstringStatusListCredential',
  "A provider's revocation list (W3C Bitstring Status List v1.0): one bit per credential, GZIP-compressed and multibase base64url-encoded, signed like the credentials",
  {
    '@context': ldContexts,
    id: url,
    type: z.tuple([z.literal('VerifiableCredential'), z.literal('BitstringStatusListCredential')]),
    issuer: url,
    validFrom: dateTime,
    credentialSubject: z.looseObject({
      id: url,
      type: z.literal('BitstringStatusList'),
      statusPurpose: z.enum(['revocation', 'suspension']),
      encodedList: z.string().check(z.regex(/^u[A-Za-z0-9_-]+$/)),
    }),
    proof: proofs,
  },
);
