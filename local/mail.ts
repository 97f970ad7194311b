// The local city's SES: aws-ses-v2-local, a stand-in that speaks the SES v2 API (SendEmail at
// /v2/email/outbound-emails, checked against SES's request shape) and keeps every mail it is sent,
// with a mailbox page at / and the same mails as JSON at /store (which the tests read:
// test/support/mailbox.ts). Local only: never part of a stack. Mails are held in memory, so the
// mailbox starts empty on each start (the city's data itself survives restarts).
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type startSesType from 'aws-ses-v2-local';
import { DEFAULT_HOST, localEndpoint, type RunningService } from './services';

export interface LocalMail extends RunningService {
  /** Where the SDK sends SES v2 requests (AWS_ENDPOINT_URL_SESV2). */
  endpoint: string;
  /** The mailbox page, for people. */
  mailboxUrl: string;
}

// A CommonJS module whose default export Node's ESM interop would wrap once more: required as it is.
const startSes = (createRequire(import.meta.url)('aws-ses-v2-local') as { default: typeof startSesType }).default;

export async function startLocalMail(port: number, host = DEFAULT_HOST): Promise<LocalMail> {
  // It would relay every mail to a real SMTP server if this were set: the local city never sends mail out.
  delete process.env.SMTP_TRANSPORT;
  const server: Server = await startSes({ host, port });
  const endpoint = localEndpoint(host, port);
  return {
    endpoint,
    mailboxUrl: `${endpoint}/`,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
