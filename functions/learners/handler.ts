// Route group "learners": signing in and out, the learner's account and passport page, and the
// guardian's link. Pages answer forms by sending the browser on (303) or, when a field is wrong, with
// the same page and the problem beside the field (400): no JavaScript anywhere.
import { readCity } from '../../definitions/city-env';
import { clearedSessionCookie, cookieValue, csrfField, type SignedInLearner } from '../auth/learner-session';
import { prefersHtml } from '../http/negotiate';
import { DomainError, invalid } from '../domain/errors';
import { AgeBandSchema } from '../domain/learners';
import {
  renderAccountPage,
  renderAgeBandPage,
  renderGuardianPage,
  renderMessagePage,
  renderPassportPage,
  renderWaitingPage,
  type PassportSection,
} from '../domain/pages/learner-pages';
import { dispatch } from '../http/dispatch';
import { formField, formFields, learnerRoute, seeOther } from '../http/learner-route';
import { htmlPage, json } from '../http/reply';
import { httpRoute } from '../http/route';
import { contract } from './contract';
import { passportSections } from './passport';
import {
  addresses,
  beginSignIn,
  changeSettings,
  clearedSignInCookie,
  completeSignIn,
  deleteOwnAccount,
  exportAccount,
  forgetAddress,
  guardianAct,
  guardianView,
  resendConsentRequest,
  setAgeBand,
  signOut,
  SIGN_IN_COOKIE,
  startAddressVerification,
  verifyAddress,
} from './service';

const city = readCity();
const { baseUrl } = city;
const toAccount = (cookies?: string[]) => seeOther(`${baseUrl}/account`, cookies);

/** The field problems of an `invalid` error, by field name; any other error goes on up. */
function fieldErrors(error: unknown): Record<string, string> {
  if (error instanceof DomainError && error.kind === 'invalid' && error.fields.length) return Object.fromEntries(error.fields.map((f) => [f.field, f.detail]));
  throw error;
}

async function accountPage(learner: SignedInLearner, extra: { errors?: Record<string, string>; notice?: string; verifying?: string } = {}, status = 200) {
  const common = { city, hidden: csrfField(learner), ...extra };
  const { account } = learner;
  if (account.status === 'new') return htmlPage(renderAgeBandPage(common), { status });
  if (account.status === 'awaiting-consent') return htmlPage(renderWaitingPage(common), { status });
  const shown = await addresses(account.id);
  return htmlPage(renderAccountPage({ ...common, account, addresses: shown }), { status });
}

const signIn = httpRoute(contract['GET /sign-in'], async ({ query }) => {
  const { url, cookie } = await beginSignIn(query.next);
  return seeOther(url, [cookie]);
});

const callback = httpRoute(contract['GET /sign-in/callback'], async ({ event, query }) => {
  // A browser is answered with a page; anything else, as every 4xx of the city, with problem+json.
  const notFinished = (detail: string) => {
    if (!prefersHtml(event.headers.accept)) throw new DomainError('invalid', `Sign-in did not finish: ${detail}`);
    const { markup, status } = renderMessagePage(city, 'Sign-in did not finish', detail, { label: 'Sign in again', url: `${baseUrl}/sign-in` }, 400);
    return htmlPage(markup, { status });
  };
  if (query.error || !query.code) return notFinished('The sign-in was cancelled or failed. Nothing was changed.');
  const callbackUrl = new URL(`${baseUrl}/sign-in/callback?${event.rawQueryString}`);
  try {
    const { cookie, next } = await completeSignIn(callbackUrl, cookieValue(event, SIGN_IN_COOKIE));
    return seeOther(`${baseUrl}${next}`, [cookie, clearedSignInCookie()]);
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'unauthenticated') throw error;
    return notFinished(error.message);
  }
});

const signOutRoute = learnerRoute(
  contract['POST /sign-out'],
  async ({ learner, form }) => {
    await signOut(learner, form.get('everywhere') === 'yes');
    return seeOther(`${baseUrl}/`, [clearedSessionCookie()]);
  },
  { inactive: true },
);

const account = learnerRoute(contract['GET /account'], async ({ learner }) => accountPage(learner), { inactive: true });

const ageBand = learnerRoute(
  contract['POST /account/age-band'],
  async ({ learner, form }) => {
    const band = AgeBandSchema.safeParse(form.get('ageBand'));
    if (!band.success) return accountPage(learner, { errors: { ageBand: 'Choose your age group' } }, 400);
    try {
      await setAgeBand(learner, band.data, form.get('guardianEmail') ?? undefined);
    } catch (error) {
      return accountPage(learner, { errors: fieldErrors(error) }, 400);
    }
    return toAccount();
  },
  { inactive: true },
);

const consentRequest = learnerRoute(
  contract['POST /account/consent-request'],
  async ({ learner }) => {
    await resendConsentRequest(learner);
    return toAccount();
  },
  { inactive: true },
);

const settings = learnerRoute(contract['POST /account/settings'], async ({ learner, form }) => {
  const on = (name: string) => form.get(name) === 'yes';
  try {
    await changeSettings(learner, {
      settings: { publicProfile: on('publicProfile'), recommendations: on('recommendations'), nudges: on('nudges') },
      insightsArea: on('insightsArea'),
      postcode: form.get('postcode')?.trim() || undefined,
      insightsAgeBand: on('insightsAgeBand'),
    });
  } catch (error) {
    return accountPage(learner, { errors: fieldErrors(error) }, 400);
  }
  return toAccount();
});

const addAddress = learnerRoute(contract['POST /account/addresses'], async ({ learner, form }) => {
  const email = (form.get('email') ?? '').trim();
  try {
    await startAddressVerification(learner, email);
  } catch (error) {
    return accountPage(learner, { errors: fieldErrors(error) }, 400);
  }
  return accountPage(learner, { verifying: email, notice: 'We emailed a code to that address.' });
});

const verify = learnerRoute(contract['POST /account/addresses/verify'], async ({ learner, form }) => {
  const email = formField(form, 'email');
  try {
    await verifyAddress(learner, email, formField(form, 'code', 12));
  } catch (error) {
    return accountPage(learner, { verifying: email, errors: fieldErrors(error) }, 400);
  }
  return toAccount();
});

const removeAddress = learnerRoute(contract['POST /account/addresses/remove'], async ({ learner, form }) => {
  await forgetAddress(learner, formField(form, 'address', 64));
  return toAccount();
});

const exportRoute = learnerRoute(contract['GET /account/export'], async ({ learner }) =>
  json(await exportAccount(learner), { headers: { 'content-disposition': `attachment; filename="${city.id}-my-data.json"` } }),
);

const deleteRoute = learnerRoute(
  contract['POST /account/delete'],
  async ({ learner, form }) => {
    if (form.get('confirm') !== 'yes') return accountPage(learner, { errors: { confirm: 'Tick the box to say you mean it' } }, 400);
    await deleteOwnAccount(learner);
    const { markup } = renderMessagePage(city, 'Your account is deleted', 'Everything that linked you to your badges is gone. The badges stay with the organisations that gave them.', { label: 'Home', url: `${baseUrl}/` });
    return { ...htmlPage(markup), cookies: [clearedSessionCookie()] };
  },
  { inactive: true },
);

const passport = learnerRoute(contract['GET /passport'], async ({ learner }) => {
  const sections = (await Promise.all(passportSections.map((section) => section(learner)))).flat().filter((s): s is PassportSection => s !== undefined);
  return htmlPage(renderPassportPage({ city, hidden: csrfField(learner), sections }));
});

const guardianPage = (view: Awaited<ReturnType<typeof guardianView>>) =>
  htmlPage(
    renderGuardianPage({
      city,
      token: view.token,
      purpose: view.purpose,
      ...(view.account.ageBand ? { ageBand: view.account.ageBand } : {}),
      status: view.account.status,
      createdAt: view.account.createdAt,
      addresses: view.addresses,
      held: view.held,
    }),
  );

const guardianGone = () => {
  const { markup, status } = renderMessagePage(city, 'This link no longer works', 'It has expired, was already used, or the account was deleted.', { label: 'Home', url: `${baseUrl}/` }, 404);
  return htmlPage(markup, { status });
};

const guardianGet = httpRoute(contract['GET /guardian'], async ({ query }) => {
  try {
    return guardianPage(await guardianView(query.token));
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'not-found') return guardianGone();
    throw error;
  }
});

const guardianPost = httpRoute(contract['POST /guardian'], async ({ raw }) => {
  const form = formFields(raw);
  const action = form.get('action');
  if (action !== 'consent' && action !== 'delete') throw invalid([{ in: 'body', field: 'action', detail: 'must be consent or delete' }]);
  try {
    const done = await guardianAct(formField(form, 'token', 200), action);
    const { markup } =
      done === 'consented'
        ? renderMessagePage(city, 'Thank you', 'Your child’s passport is open. We have emailed you a link to see or delete it later.', { label: 'Home', url: `${baseUrl}/` })
        : renderMessagePage(city, 'The account is deleted', 'Everything the city held about your child’s account is gone.', { label: 'Home', url: `${baseUrl}/` });
    return htmlPage(markup);
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'not-found') return guardianGone();
    throw error;
  }
});

export const handler = dispatch('learners', {
  'GET /sign-in': signIn,
  'GET /sign-in/callback': callback,
  'POST /sign-out': signOutRoute,
  'GET /account': account,
  'POST /account/age-band': ageBand,
  'POST /account/consent-request': consentRequest,
  'POST /account/settings': settings,
  'POST /account/addresses': addAddress,
  'POST /account/addresses/verify': verify,
  'POST /account/addresses/remove': removeAddress,
  'GET /account/export': exportRoute,
  'POST /account/delete': deleteRoute,
  'GET /passport': passport,
  'GET /guardian': guardianGet,
  'POST /guardian': guardianPost,
});
