// What verification needs from outside, and what each step of it shares.
import type { createDocumentLoader } from '../credentials/document-loader';
import type { FetchDocument, FetchJson } from './fetch';

export type CreateDocumentLoader = typeof createDocumentLoader;

export interface VerifyDeps {
  /** Reads any URL a badge names; the caller decides how (functions/verify/fetch-document.ts). */
  fetchDocument: FetchDocument;
  /** The time validity periods are judged at. */
  now: Date;
  /** The credentials module's loader factory: bundled contexts, plus what verification resolves. */
  createDocumentLoader: CreateDocumentLoader;
}

export interface VerifyContext {
  fetchJson: FetchJson;
  now: Date;
  createDocumentLoader: CreateDocumentLoader;
  /** Checked against the badge's recipient when given; never written into a report. */
  email?: string;
}
