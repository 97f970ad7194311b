// The email that tells a learner they have a badge: what they earned, from whom, the badge's page, a
// link to add it to their passport, and a way to stop this provider's badge emails (a link in the text
// and the List-Unsubscribe headers of RFC 2369 and RFC 8058, so mail clients offer one-click
// unsubscribe). Plain text and HTML say the same; the HTML has no images, scripts or tracking.
// Pure: the caller gives the names, links and city.
import { html } from '../pages/html';

export interface AwardEmailInput {
  cityName: string;
  badgeName: string;
  badgeDescription: string;
  providerName: string;
  badgeUrl: string;
  addToPassportUrl: string;
  unsubscribeUrl: string;
  /** Days the add-to-passport link works. */
  linkDays: number;
}

/** A message for the mail sender: never the address, which the sender is given on its own. */
export interface AwardEmail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export function awardEmail(input: AwardEmailInput): AwardEmail {
  const subject = `You have earned a badge: ${input.badgeName}`;
  const text = [
    `${input.providerName} has awarded you the badge "${input.badgeName}".`,
    '',
    input.badgeDescription,
    '',
    `See your badge: ${input.badgeUrl}`,
    `Add it to your ${input.cityName} passport (this link works once, for ${input.linkDays} days): ${input.addToPassportUrl}`,
    '',
    `You get this email because ${input.providerName} awarded you a badge through ${input.cityName}.`,
    `To stop emails about badges from ${input.providerName}: ${input.unsubscribeUrl}`,
  ].join('\n');
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem; margin: 0 auto; padding: 1rem;">
<h1 style="font-size: 1.4rem;">You have earned a badge</h1>
<p><strong>${input.providerName}</strong> has awarded you the badge <strong>${input.badgeName}</strong>.</p>
<p>${input.badgeDescription}</p>
<p><a href="${input.badgeUrl}">See your badge</a></p>
<p><a href="${input.addToPassportUrl}">Add it to your ${input.cityName} passport</a> (this link works once, for ${input.linkDays} days)</p>
<hr>
<p style="font-size: 0.9rem;">You get this email because ${input.providerName} awarded you a badge through ${input.cityName}.
<a href="${input.unsubscribeUrl}">Stop emails about badges from ${input.providerName}</a>.</p>
</body></html>`;
  return {
    subject,
    text,
    html: body.markup,
    headers: { 'List-Unsubscribe': `<${input.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
