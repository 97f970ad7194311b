// The one way the city sends mail: Amazon SES v2 SendEmail, from the city's address, through the city's
// configuration set (its event destinations see bounces and complaints). The same code runs in AWS and
// on the local city, where AWS_ENDPOINT_URL_SESV2 points the SDK at aws-ses-v2-local. Addresses are
// never logged: a mail is logged by its purpose and SES message id only.
import type { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { MAIL_CONFIGURATION_SET_ENV, MAIL_FROM_ENV } from '../../definitions/mail';
import { logger } from '../http/logger';
import type { RenderedMail } from './message';

export interface OutgoingMail extends RenderedMail {
  to: string;
  /** What the mail is for (`sign-in-code`, `guardian-consent`, `award` …): an SES tag and the log line's field. */
  purpose: string;
  /** Headers of its own (List-Unsubscribe on badge emails): SES v2 Simple content's Headers. */
  headers?: Record<string, string>;
}

export interface MailSettings {
  from: string;
  configurationSet: string;
  /** Where SES is, when not where the SDK finds it (the local sign-in provider, outside any function). */
  endpoint?: string;
}

export type MailSender = (mail: OutgoingMail) => Promise<string>;

/** A sender with these settings; functions use `sendMail`, made from their environment. */
export function mailSender(settings: MailSettings): MailSender {
  // The SES client is loaded with the first mail, not at a cold start: most requests of the groups that
  // send mail (a learner's account pages, the notifications consumer's skipped events) send none.
  let ses: Promise<{ client: SESv2Client; SendEmailCommand: typeof SendEmailCommand }> | undefined;
  const charset = 'UTF-8';
  return async (mail) => {
    ses ??= import('@aws-sdk/client-sesv2').then(({ SESv2Client, SendEmailCommand }) => ({
      client: new SESv2Client(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      SendEmailCommand,
    }));
    const { client, SendEmailCommand } = await ses;
    const result = await client.send(
      new SendEmailCommand({
        FromEmailAddress: settings.from,
        ConfigurationSetName: settings.configurationSet,
        Destination: { ToAddresses: [mail.to] },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: charset },
            Body: { Text: { Data: mail.text, Charset: charset }, Html: { Data: mail.html, Charset: charset } },
            ...(mail.headers ? { Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
          },
        },
        EmailTags: [{ Name: 'purpose', Value: mail.purpose }],
      }),
    );
    logger.info('mail sent', { purpose: mail.purpose, messageId: result.MessageId });
    return result.MessageId ?? '';
  };
}

// Read when the module loads, like every other setting of a function.
const from = process.env[MAIL_FROM_ENV];
const configurationSet = process.env[MAIL_CONFIGURATION_SET_ENV];
const granted = from && configurationSet ? mailSender({ from, configurationSet }) : undefined;

/** Sends one mail; answers SES's message id. Throws when SES refuses (the caller decides whether to retry). */
export const sendMail: MailSender = (mail) => {
  if (!granted) {
    throw new Error(`This function was not granted sending mail (${MAIL_FROM_ENV} and ${MAIL_CONFIGURATION_SET_ENV} are not set): its route group needs sendsMail in definitions/routes.ts`);
  }
  return granted(mail);
};
