// The verify page's form, as a browser posts it: multipart/form-data (the page's own form, which can
// carry a file) or application/x-www-form-urlencoded (a form without one). Read with busboy, within
// limits, into the same input POST /verify takes as JSON.
import busboy from 'busboy';
import { DomainError, invalid } from '../domain/errors';
import type { VerifyInput } from '../domain/verification';
import { sizeText } from '../domain/pages/verify-page';
import { pastedBadge } from '../domain/verification/pasted';

/** As the JSON route: a baked image of up to 1 MiB, and room for the text fields around it. */
export const MAX_FORM_IMAGE_BYTES = 1024 * 1024;
export const MAX_FORM_BYTES = 2 * 1024 * 1024;
const MAX_TEXT_BYTES = 200_000;

export interface VerifyForm {
  image?: Buffer;
  url?: string;
  json?: string;
  email?: string;
}

const TEXT_FIELDS = new Set(['url', 'json', 'email']);

/** The form's fields; a file too large or text too long is refused (413), not cut short. */
export function readForm(contentType: string, body: Buffer): Promise<VerifyForm> {
  if (body.length > MAX_FORM_BYTES) return Promise.reject(new DomainError('too-large', `The form may carry at most ${sizeText(MAX_FORM_BYTES)}`));
  return new Promise((resolve, reject) => {
    const form: VerifyForm = {};
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { files: 1, fields: 8, parts: 10, fileSize: MAX_FORM_IMAGE_BYTES, fieldSize: MAX_TEXT_BYTES },
      });
    } catch {
      reject(invalid([{ in: 'header', field: 'content-type', detail: 'is not a form encoding busboy can read (multipart needs a boundary)' }]));
      return;
    }
    const tooLarge = (what: string) => reject(new DomainError('too-large', what));
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => tooLarge(`The image may be at most ${sizeText(MAX_FORM_IMAGE_BYTES)}`));
      stream.on('close', () => {
        // A file input left empty still sends a part, with no bytes.
        const bytes = Buffer.concat(chunks);
        if (name === 'image' && bytes.length > 0) form.image = bytes;
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return tooLarge(`The ${name} field may be at most ${MAX_TEXT_BYTES / 1000} KB`);
      if (TEXT_FIELDS.has(name) && value.trim() !== '') form[name as 'url' | 'json' | 'email'] = value.trim();
    });
    parser.on('error', () => reject(invalid([{ in: 'body', field: '', detail: 'is not a well-formed form' }])));
    parser.on('close', () => resolve(form));
    try {
      parser.end(body);
    } catch {
      reject(invalid([{ in: 'body', field: '', detail: 'is not a well-formed form' }]));
    }
  });
}

/** The form as POST /verify's input: the pasted data goes where its kind belongs. */
export function verifyInput(form: VerifyForm): VerifyInput {
  const sources = [form.image && { image: form.image }, form.url && { url: form.url }, form.json && pastedBadge(form.json)].filter((s) => s !== undefined && s !== '');
  const email = form.email !== undefined ? { email: form.email } : {};
  // None or several: parseVerifyInput names the problem, as for JSON.
  return Object.assign({}, ...sources, email) as VerifyInput;
}
