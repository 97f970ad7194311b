// The local city's mailbox, as the tests read it: aws-ses-v2-local keeps every mail the city sent and
// serves them as JSON at /store (local/mail.ts). `waitForMail` polls until a mail to the address
// arrives (sent after `since`, matching `subject` when given): mail is sent within a request, but the
// tests do not assume when.
import * as z from 'zod/mini';

const StoreSchema = z.object({
  emails: z.array(
    z.object({
      messageId: z.string(),
      from: z.string(),
      destination: z.object({ to: z.array(z.string()) }),
      subject: z.string(),
      body: z.object({ text: z.optional(z.string()), html: z.optional(z.string()) }),
      at: z.number(),
    }),
  ),
});

export interface Mail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Epoch seconds. */
  at: number;
}

export async function mailsTo(mailboxUrl: string, address: string): Promise<Mail[]> {
  const response = await fetch(new URL('/store', mailboxUrl));
  if (!response.ok) throw new Error(`The local mailbox answered ${response.status}`);
  const { emails } = StoreSchema.parse(await response.json());
  const wanted = address.toLowerCase();
  return emails
    .filter((e) => e.destination.to.some((to) => to.toLowerCase() === wanted))
    .map((e) => ({ messageId: e.messageId, from: e.from, to: e.destination.to, subject: e.subject, text: e.body.text ?? '', html: e.body.html ?? '', at: e.at }));
}

export interface WaitOptions {
  /** Only mails stored at or after this (epoch seconds; the store counts in whole seconds). */
  since?: number;
  subject?: RegExp;
  /** Mails to skip, by message id (ones the test has already read). */
  seen?: ReadonlySet<string>;
  timeoutMs?: number;
}

/** The newest mail to `address` that matches; throws after the timeout (default 20 s). */
export async function waitForMail(mailboxUrl: string, address: string, options: WaitOptions = {}): Promise<Mail> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const mails = (await mailsTo(mailboxUrl, address)).filter(
      (m) => m.at >= (options.since ?? 0) && (!options.subject || options.subject.test(m.subject)) && !options.seen?.has(m.messageId),
    );
    if (mails.length) return mails.at(-1)!;
    if (Date.now() > deadline) throw new Error(`No mail to the test address arrived in the local mailbox${options.subject ? ` matching ${options.subject}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The one-time code a mail carries (six digits, alone on its line in the text part). */
export function codeIn(mail: Mail): string {
  const code = /^\s*(\d{6})\s*$/m.exec(mail.text)?.[1];
  if (!code) throw new Error(`The mail "${mail.subject}" carries no six-digit code`);
  return code;
}

/** The first link to the city in a mail's text part whose path starts with `path`. */
export function linkIn(mail: Mail, path: string): string {
  const url = [...mail.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]).find((u) => new URL(u).pathname.startsWith(path));
  if (!url) throw new Error(`The mail "${mail.subject}" has no link to ${path}`);
  return url;
}
