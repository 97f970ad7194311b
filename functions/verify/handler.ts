// Route group "verify": anyone may check a badge from any issuer.
import { createDocumentLoader } from '../domain/credentials/document-loader';
import { verifyBadge } from '../domain/verification';
import { dispatch } from '../http/dispatch';
import { json } from '../http/reply';
import { countVerification } from '../http/observability';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { fetchDocument } from './fetch-document';

const verify = httpRoute(contract['POST /verify'], async ({ body }) => {
  const { image, ...rest } = body;
  const input = (image !== undefined ? { ...rest, image: Buffer.from(image, 'base64') } : rest) as Parameters<typeof verifyBadge>[0];
  const result = await verifyBadge(input, { fetchDocument, now: new Date(), createDocumentLoader });
  countVerification(result);
  return json(result);
});

export const handler = dispatch('verify', { 'POST /verify': verify });
