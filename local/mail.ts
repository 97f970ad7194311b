// The local city's SES: aws-ses-v2-local, a stand-in that speaks the SES v2 API (SendEmail at
// /v2/email/outbound-emails, checked against SES's request shape) and keeps every mail it is sent,
// with a mailbox page at / and the same mails as JSON at /store (which the tests read:
// test/support/mailbox.ts). Local only: never part of a stack. Mails are held in memory, so the
// mailbox starts empty on each start (the city's data itself survives restarts). Every mail it
// accepts is also told to the listeners of `onSent` (the mailbox simulator, local/ses-simulator.ts).
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type startSesType from 'aws-ses-v2-local';
import * as z from 'zod/mini';
import { DEFAULT_HOST, localEndpoint, type RunningService } from './services';

/** A mail the local SES accepted, as SES's event publishing describes it. */
export interface SentMail {
  messageId: string;
  from: string;
  /** Every destination address (To, Cc, Bcc). */
  to: string[];
  configurationSet?: string;
  tags: { name: string; value: string }[];
  sentAt: Date;
}

export interface LocalMail extends RunningService {
  /** Where the SDK sends SES v2 requests (AWS_ENDPOINT_URL_SESV2). */
  endpoint: string;
  /** The mailbox page, for people. */
  mailboxUrl: string;
  /** Calls `listener` with each mail SES v2 `SendEmail` accepted, once it has answered. */
  onSent(listener: (mail: SentMail) => void): void;
}

/** SES v2 SendEmail's path, and the parts of its request and answer that describe the mail. */
const SEND_EMAIL_PATH = '/v2/email/outbound-emails';
const addresses = z.optional(z.array(z.string()));
const SendEmailRequestSchema = z.object({
  FromEmailAddress: z.string(),
  Destination: z.optional(z.object({ ToAddresses: addresses, CcAddresses: addresses, BccAddresses: addresses })),
  ConfigurationSetName: z.optional(z.string()),
  EmailTags: z.optional(z.array(z.object({ Name: z.string(), Value: z.string() }))),
});
const SendEmailAnswerSchema = z.object({ MessageId: z.string() });

/**
 * Watches `SendEmail` on the way through: its request as the stand-in's JSON body parser left it
 * (`req.body`, Express's documented place) and its answer as written, so the stand-in itself is used
 * unchanged. Only answers of 200 (a mail accepted) are told.
 */
function watchSends(server: Server, tell: (mail: SentMail) => void): void {
  const app = server.listeners('request')[0] as RequestListener;
  server.removeListener('request', app);
  server.on('request', (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
    if (req.method === 'POST' && req.url?.split('?')[0] === SEND_EMAIL_PATH) {
      const chunks: string[] = [];
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        if (typeof args[0] === 'string' || Buffer.isBuffer(args[0])) chunks.push(String(args[0]));
        return end(...args);
      }) as ServerResponse['end'];
      res.once('finish', () => {
        if (res.statusCode !== 200) return;
        const request = SendEmailRequestSchema.safeParse(req.body);
        let answer: unknown;
        try {
          answer = JSON.parse(chunks.join(''));
        } catch {
          return;
        }
        const accepted = SendEmailAnswerSchema.safeParse(answer);
        if (!request.success || !accepted.success) return;
        const { Destination: to = {}, ConfigurationSetName, EmailTags = [], FromEmailAddress } = request.data;
        tell({
          messageId: accepted.data.MessageId,
          from: FromEmailAddress,
          to: [...(to.ToAddresses ?? []), ...(to.CcAddresses ?? []), ...(to.BccAddresses ?? [])],
          ...(ConfigurationSetName ? { configurationSet: ConfigurationSetName } : {}),
          tags: EmailTags.map((tag) => ({ name: tag.Name, value: tag.Value })),
          sentAt: new Date(),
        });
      });
    }
    app(req, res);
  });
}

// A CommonJS module whose default export Node's ESM interop would wrap once more: required as it is.
const startSes = (createRequire(import.meta.url)('aws-ses-v2-local') as { default: typeof startSesType }).default;

export async function startLocalMail(port: number, host = DEFAULT_HOST): Promise<LocalMail> {
  // It would relay every mail to a real SMTP server if this were set: the local city never sends mail out.
  delete process.env.SMTP_TRANSPORT;
  const server: Server = await startSes({ host, port });
  const endpoint = localEndpoint(host, port);
  const listeners: ((mail: SentMail) => void)[] = [];
  watchSends(server, (mail) => {
    for (const listener of listeners) listener(mail);
  });
  return {
    endpoint,
    mailboxUrl: `${endpoint}/`,
    onSent: (listener) => void listeners.push(listener),
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
