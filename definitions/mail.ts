// The city's outgoing mail: Amazon SES v2 in AWS (an email identity and a configuration set per city),
// aws-ses-v2-local on the local city. Functions granted `sendsMail` get these names in their
// environment; the SDK finds the local SES through AWS_ENDPOINT_URL_SESV2. Pure data: no runtime imports.
import type { CityConfig } from './city-config';

/** The From address of every mail the city sends. */
export const MAIL_FROM_ENV = 'MAIL_FROM';
/** The SES configuration set every mail is sent through (its event destinations see bounces and complaints). */
export const MAIL_CONFIGURATION_SET_ENV = 'MAIL_CONFIGURATION_SET';

/** The function SES's bounces and complaints reach (through SNS in AWS; the mailbox simulator locally, local/ses-simulator.ts). */
export const MAIL_EVENTS_ENTRY = 'functions/mail-events/handler.ts';

/** The configuration set's name: one per city, in AWS and locally alike. */
export const mailConfigurationSetName = (cityId: string) => `city-${cityId}-mail`;

/**
 * Who the city's mail comes from: `mail.fromAddress` when the city names one, else no-reply at the
 * city's own domain (the SES identity the stack verifies). A dev city with neither sends from an
 * address under `.invalid` (RFC 2606), which works locally; in AWS it has no verified identity, so it
 * must name a verified address in `mail.fromAddress` to send (README: Email).
 */
export function mailFromAddress(config: Pick<CityConfig, 'id' | 'customDomain' | 'mail'>): string {
  if (config.mail?.fromAddress) return config.mail.fromAddress;
  if (config.customDomain) return `no-reply@${config.customDomain.domainName}`;
  return `no-reply@${config.id}.invalid`;
}

/** The mail half of a function's environment, for a function granted `sendsMail`. */
export function mailEnvironment(config: Pick<CityConfig, 'id' | 'customDomain' | 'mail'>): Record<string, string> {
  return { [MAIL_FROM_ENV]: mailFromAddress(config), [MAIL_CONFIGURATION_SET_ENV]: mailConfigurationSetName(config.id) };
}
