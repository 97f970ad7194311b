// The shape of an Open Badges 3.0 credential: its contexts and types, an issuer, a subject, and JSON-LD
// that expands in safe mode, i.e. every property and type is defined by the contexts. Safe mode is what
// the signature's canonicalisation uses too; checking the whole credential here also catches terms the
// proof check never looks at (an unknown proof type, say) and names the term that is wrong.
import jsonld from 'jsonld';
import { CONTEXTS } from '../credentials/context-urls';
import type { DocumentLoader } from '../credentials/document-loader';
import { callerMessage } from '../errors';
import { asObject, hasType, idOf, type Json } from './json';
import { fail, pass, type Check } from './report';
import { VC_V1_CONTEXT } from './vc1-contexts';

// Every published edition of the OB 3.0 context: context.json (3.0.0), context-3.0.1.json, …
const OB3_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.0\.\d+)?\.json$/;
const BADGE_CREDENTIAL_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'];

export async function checkCredentialFormat(credential: Json, loader: DocumentLoader): Promise<Check> {
  const problems: string[] = [];
  const contexts = [credential['@context']].flat();
  if (contexts[0] !== CONTEXTS.credentialsV2 && contexts[0] !== VC_V1_CONTEXT) problems.push('the first @context is not the Verifiable Credentials context');
  if (!contexts.some((c) => typeof c === 'string' && OB3_CONTEXT.test(c))) problems.push('@context does not include the Open Badges 3.0 context');
  if (!hasType(credential, 'VerifiableCredential') || !hasType(credential, ...BADGE_CREDENTIAL_TYPES)) {
    problems.push(`type is ${JSON.stringify(credential.type)}, not VerifiableCredential and one of ${BADGE_CREDENTIAL_TYPES.join(', ')}`);
  }
  if (idOf(credential.issuer) === undefined) problems.push('no issuer id');
  if (!asObject(credential.credentialSubject)) problems.push('no credentialSubject');
  const jsonLdProblem = await expansionProblem(credential, loader);
  if (jsonLdProblem) problems.push(jsonLdProblem);
  if (problems.length) return fail('format', problems.join('; '));
  const type = BADGE_CREDENTIAL_TYPES.find((t) => hasType(credential, t));
  return pass('format', `an Open Badges 3.0 ${type}`);
}

async function expansionProblem(credential: Json, loader: DocumentLoader): Promise<string | undefined> {
  try {
    await jsonld.expand(credential, { documentLoader: loader, safe: true });
    return undefined;
  } catch (error) {
    // jsonld puts what went wrong (the term, the type) in details.event, and only a summary in message.
    const event = asObject(asObject(asObject(error)?.details)?.event);
    const cause = asObject(asObject(error)?.details)?.cause;
    const detail = event ? `${String(event.message)} ${JSON.stringify(event.details)}` : callerMessage(cause ?? error, 'the document could not be expanded');
    return `not valid JSON-LD: ${detail}`;
  }
}
