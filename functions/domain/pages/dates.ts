// Dates for people and for machines. Formatted by hand in UTC, not with Intl, so a page is the same
// bytes whatever the Lambda's locale data, and a date never shifts a day with the reader's time zone.
import { html, type SafeHtml } from './html';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function parseDate(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "12 March 2026" */
export const formatDate = (date: Date): string => `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;

/** "12 March 2026 at 09:05 UTC" */
export const formatDateTime = (date: Date): string =>
  `${formatDate(date)} at ${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')} UTC`;

/** A <time> for a date the model holds; text that is not a date is shown as it is, escaped. */
export function timeElement(iso: string, format: (date: Date) => string = formatDate): SafeHtml {
  const date = parseDate(iso);
  return date === undefined ? html`${iso}` : html`<time datetime="${date.toISOString()}">${format(date)}</time>`;
}
