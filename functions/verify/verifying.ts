// Verifying, for the JSON route and the page alike: the same verifier, fetcher and metrics.
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { verifyBadge, type VerificationResult, type VerifyInput } from '../domain/verification';
import { countVerification } from '../http/observability';
import { fetchDocument } from './fetch-document';
import type { VerifyForm } from './form';

export async function checkBadge(input: VerifyInput): Promise<VerificationResult> {
  const result = await verifyBadge(input, { fetchDocument, now: new Date(), createDocumentLoader });
  countVerification(result);
  return result;
}

/** What a person must put right before anything is checked: nothing given, or more than one thing. */
export function peopleProblems(form: VerifyForm): string[] | undefined {
  const given = [form.image, form.url, form.json].filter((value) => value !== undefined).length;
  if (given === 0) return ['Choose the badge image, or paste the badge’s link or its data.'];
  if (given > 1) return ['Give only one of them: the image, the link or the data.'];
  return undefined;
}
