// What the credential tests share: an issuer with a fixed key, a typical award, and an independent
// document loader that reads the contexts from test/fixtures/openbadges on disk (not the module's bundled copies), so
// that a wrong bundled context cannot hide behind itself.
import { CONTEXT_FILES, referenceFile } from '../../support/openbadges-reference';
import { buildControllerDocument, controllerDocumentResolver, verificationMethodId } from '../../../functions/domain/credentials/controller-document';
import type { ControllerDocument } from '../../../functions/domain/credentials/controller-document';
import type { OpenBadgeCredentialInput } from '../../../functions/domain/credentials/open-badge-credential';
import { localEd25519Signer, localPublicKeyMultibase } from '../../../functions/domain/credentials/signer';

export { CONTEXT_FILES, referenceFile };

export const ISSUER_ID = 'https://unit.example/issuer';
export const SEED = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
export const PUBLIC_KEY = localPublicKeyMultibase(SEED);
export const signer = localEd25519Signer(SEED, verificationMethodId(ISSUER_ID, PUBLIC_KEY));
export const controllerDocument = buildControllerDocument(ISSUER_ID, PUBLIC_KEY);

/** Serves contexts from disk and the given controllers' documents; anything else is an error, as in the module. */
export function diskLoader(controllers: ControllerDocument[] = []) {
  const resolvers = controllers.map(controllerDocumentResolver);
  return async (url: string) => {
    const file = CONTEXT_FILES[url];
    if (file) return { contextUrl: null, documentUrl: url, document: referenceFile(`contexts/${file}`) as object };
    for (const resolve of resolvers) {
      const document = await resolve(url);
      if (document) return { contextUrl: null, documentUrl: url, document };
    }
    throw new Error(`test loader: no document for ${url}`);
  };
}

export const EMAIL = 'Ana.Silva@Example.org';

export const awardInput = (overrides: Partial<OpenBadgeCredentialInput> = {}): OpenBadgeCredentialInput => ({
  id: 'https://unit.example/awards/01HZX5',
  issuer: { id: ISSUER_ID, name: 'Unit City of Learning', url: 'https://unit.example', email: 'badges@unit.example' },
  achievement: {
    id: 'https://unit.example/badges/coding-club',
    name: 'Coding Club',
    description: 'Took part in ten sessions of the library coding club.',
    criteria: { id: 'https://unit.example/badges/coding-club#criteria', narrative: 'Attend ten sessions and ship one project.' },
    image: { id: 'https://unit.example/badges/coding-club/image.png', caption: 'A laptop with a heart' },
    alignment: [
      {
        targetName: 'Coding',
        targetUrl: 'https://unit.example/skills/coding',
        targetDescription: 'Writing programs.',
        targetFramework: 'Unit City Skills Spine',
        targetCode: 'coding',
      },
      { targetName: 'Teamwork', targetUrl: 'https://unit.example/skills/teamwork' },
    ],
    tag: ['digital', 'library'],
  },
  recipient: { email: EMAIL, salt: 'c2FsdHNhbHQ' },
  narrative: 'I made a maze game with my brother and showed it at the library open day.',
  validFrom: '2025-03-01T09:30:00Z',
  evidence: [{ id: 'https://unit.example/awards/01HZX5/evidence/1', name: 'Project', narrative: 'A game for the library.' }],
  status: { statusListCredential: 'https://unit.example/status/revocation/1', statusListIndex: 4711 },
  ...overrides,
});
