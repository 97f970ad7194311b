// The email that tells a learner they have a badge: what they earned, from whom, the badge's page, a
// link to add it to their passport, and a way to stop this provider's badge emails (a link in the text
// and the List-Unsubscribe headers of RFC 2369 and RFC 8058, so mail clients offer one-click
// unsubscribe). In the city's branding, as every mail (functions/mail/message.ts). Pure.
import { renderMail, type MailCity, type RenderedMail } from '../../mail/message';

export interface AwardEmailInput {
  badgeName: string;
  badgeDescription: string;
  providerName: string;
  badgeUrl: string;
  addToPassportUrl: string;
  unsubscribeUrl: string;
  /** Days the add-to-passport link works. */
  linkDays: number;
}

/** A message for the mail sender, with its own headers: never the address, which the sender is given on its own. */
export type AwardEmail = RenderedMail & { headers: Record<string, string> };

export function awardEmail(city: MailCity, input: AwardEmailInput): AwardEmail {
  const rendered = renderMail(city, {
    subject: `You have earned a badge: ${input.badgeName}`,
    heading: 'You have earned a badge',
    paragraphs: [
      `${input.providerName} has awarded you the badge "${input.badgeName}".`,
      input.badgeDescription,
      `See your badge: ${input.badgeUrl}`,
      `Add it to your ${city.branding.displayName} passport with the button below. The link works once, for ${input.linkDays} days.`,
    ],
    action: { label: 'Add it to your passport', url: input.addToPassportUrl },
    footnote: `You get this email because ${input.providerName} awarded you a badge through ${city.branding.displayName}. To stop emails about badges from ${input.providerName}: ${input.unsubscribeUrl}`,
  });
  return { ...rendered, headers: { 'List-Unsubscribe': `<${input.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
}
