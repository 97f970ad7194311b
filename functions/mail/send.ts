// The one way the city sends mail: Amazon SES v2 SendEmail, from the city's address, through the city's
// configuration set (its event destinations see bounces and complaints). The same code runs in AWS and
// on the local city, where AWS_ENDPOINT_URL_SESV2 points the SDK at aws-ses-v2-local. Addresses are
// never logged: a mail is logged by its purpose and SES message id only.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { MAIL_CONFIGURATION_SET_ENV, MAIL_FROM_ENV } from '../../definitions/mail';
import { logger } from '../http/logger';
import type { RenderedMail } from './message';

let client: SESv2Client | undefined;

export interface OutgoingMail extends RenderedMail {
  to: string;
  /** What the mail is for (`sign-in-code`, `guardian-consent`, `award` …): an SES tag and the log line's field. */
  purpose: string;
}

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`This function was not granted sending mail (${name} is not set): its route group needs sendsMail in definitions/routes.ts`);
  return value;
}

/** Sends one mail; answers SES's message id. Throws when SES refuses (the caller decides whether to retry). */
export async function sendMail(mail: OutgoingMail): Promise<string> {
  client ??= new SESv2Client({});
  const charset = 'UTF-8';
  const result = await client.send(
    new SendEmailCommand({
      FromEmailAddress: setting(MAIL_FROM_ENV),
      ConfigurationSetName: setting(MAIL_CONFIGURATION_SET_ENV),
      Destination: { ToAddresses: [mail.to] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: charset },
          Body: { Text: { Data: mail.text, Charset: charset }, Html: { Data: mail.html, Charset: charset } },
        },
      },
      EmailTags: [{ Name: 'purpose', Value: mail.purpose }],
    }),
  );
  logger.info('mail sent', { purpose: mail.purpose, messageId: result.MessageId });
  return result.MessageId ?? '';
}
