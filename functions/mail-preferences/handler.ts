// Route group "mailPreferences": a learner stops a provider's badge emails from the link in one of them.
// Public routes: the signed token is the authority, and it names the learner only by recipient key.
import { readCity } from '../../definitions/city-env';
import { unsubscribeUrl } from '../domain/mail/links';
import { renderUnsubscribePage } from '../domain/pages/unsubscribe-page';
import { dispatch } from '../http/dispatch';
import { prefersHtml } from '../http/negotiate';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { unsubscribe, unsubscribeTarget } from '../services/mail-preferences';
import { contract } from './contract';

const city = readCity();

const ask = httpRoute(contract['GET /unsubscribe'], async ({ query }) => {
  const { providerName } = await unsubscribeTarget(query.token);
  return htmlPage(renderUnsubscribePage({ city, providerName, action: unsubscribeUrl(city.baseUrl, query.token), done: false }));
});

const confirm = httpRoute(contract['POST /unsubscribe'], async ({ query, event }) => {
  const { providerName } = await unsubscribe(query.token, new Date());
  if (!prefersHtml(event.headers.accept)) return json({ unsubscribed: true as const, provider: providerName });
  return htmlPage(renderUnsubscribePage({ city, providerName, action: unsubscribeUrl(city.baseUrl, query.token), done: true }));
});

export const handler = dispatch('mailPreferences', { 'GET /unsubscribe': ask, 'POST /unsubscribe': confirm });
