// The page an unsubscribe link opens: it asks before it acts (mail scanners follow links; a GET never
// changes anything), and the form posts back to the same signed URL, as the RFC 8058 one-click POST does.
import { html } from './html';
import { renderDocument, type PageCity } from './layout';

export function renderUnsubscribePage(input: { city: PageCity; providerName: string; action: string; done: boolean }): string {
  const title = input.done ? 'You are unsubscribed' : 'Stop badge emails';
  const main = input.done
    ? html`<section class="card"><h1>${title}</h1><p>You will get no more emails about badges from ${input.providerName}. Badges they award you still reach your passport.</p></section>`
    : html`<section class="card"><h1>${title}</h1>
<p>Stop emails about badges that ${input.providerName} awards you? Your badges are not affected.</p>
<form method="post" action="${input.action}" class="actions"><button class="button button-primary" type="submit">Stop emails from ${input.providerName}</button></form></section>`;
  return renderDocument({ city: input.city, title, description: title, url: input.action, head: html``, main });
}
