// Signs a learner in on a local city the way a browser does, for integration and browser-free tests:
// GET /sign-in → the local sign-in provider (local/oidc.ts) → the email step → the code read from the
// local mailbox → back to the city's callback, following every redirect by hand with one cookie jar
// (cookies do not depend on the port: the city and its provider on localhost share it, as a browser's
// would). Answers a client that sends the learner's session cookie and, on forms, its CSRF token.
import { codeIn, mailsTo, waitForMail } from './mailbox';

export interface LearnerClient {
  email: string;
  /** `learner-session=<id>`: the Cookie header of a signed-in request. */
  cookie: string;
  /** Where the sign-in ended (a path of the city: /passport, or /account for a new account). */
  landedOn: string;
  get(path: string, accept?: string): Promise<Response>;
  /** Posts a form with the session's CSRF token (read from /account first). */
  post(path: string, fields: Record<string, string>): Promise<Response>;
  csrf(): Promise<string>;
}

export class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header = () => [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  get = (name: string) => this.cookies.get(name);
}

async function follow(jar: Jar, url: string, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
  let current = url;
  let request: RequestInit = init;
  for (let hops = 0; hops < 10; hops++) {
    const response = await fetch(current, { ...request, redirect: 'manual', headers: { ...(request.headers as Record<string, string>), cookie: jar.header(), accept: 'text/html' } });
    jar.take(response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { response, url: current };
    await response.arrayBuffer();
    current = new URL(location, current).href;
    request = {};
  }
  throw new Error(`Too many redirects signing in, at ${current}`);
}

const formBody = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** The action of the page's first form whose action ends with `suffix`. */
function formAction(page: string, suffix: string, base: string): string {
  const action = [...page.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')).find((a) => a.endsWith(suffix));
  if (!action) throw new Error(`No form ending ${suffix} on the page:\n${page.slice(0, 800)}`);
  return new URL(action, base).href;
}

export const SESSION_COOKIE_LOCAL = 'learner-session';

/**
 * Walks a sign-in up to the provider's redirect back to the city: answers the callback URL and the
 * browser's Cookie header (with the sign-in's state cookie), for a test that calls the callback itself.
 */
export async function signInToCallback(cityUrl: string, mailboxUrl: string, email: string, jar = new Jar()): Promise<{ callbackUrl: string; cookie: string; jar: Jar }> {
  // The code mail is sent after the page answers, and the store counts in whole seconds: an earlier
  // sign-in's code to the same address can be the newest mail for a moment, so its mails are skipped.
  const seen = new Set((await mailsTo(mailboxUrl, email)).map((m) => m.messageId));
  const since = Math.floor(Date.now() / 1000) - 1;
  const emailStep = await follow(jar, `${cityUrl}/sign-in?next=/passport`);
  const emailPage = await emailStep.response.text();
  const codeStep = await follow(jar, formAction(emailPage, '/email', emailStep.url), formBody({ email }));
  const codePage = await codeStep.response.text();
  const code = codeIn(await waitForMail(mailboxUrl, email, { since, seen, subject: /sign-in code/i }));
  const city = new URL(cityUrl).origin;
  // Up to (not into) the city's callback.
  let url = formAction(codePage, '/code', codeStep.url);
  let init: RequestInit = formBody({ code });
  for (let hops = 0; hops < 10; hops++) {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header(), accept: 'text/html' } });
    jar.take(response);
    await response.arrayBuffer();
    const location = response.headers.get('location');
    if (!location) throw new Error(`The provider stopped at ${url} with ${response.status}`);
    url = new URL(location, url).href;
    init = {};
    if (new URL(url).origin === city) return { callbackUrl: url, cookie: jar.header(), jar };
  }
  throw new Error('The provider never sent the browser back to the city');
}

export async function signInLearner(cityUrl: string, mailboxUrl: string, email: string): Promise<LearnerClient> {
  const { callbackUrl, jar } = await signInToCallback(cityUrl, mailboxUrl, email);
  const done = await follow(jar, callbackUrl);
  await done.response.arrayBuffer();
  const session = jar.get(SESSION_COOKIE_LOCAL);
  if (!session) throw new Error(`Signing in set no session cookie (ended at ${done.url} with ${done.response.status})`);
  const cookie = `${SESSION_COOKIE_LOCAL}=${session}`;
  let token: string | undefined;
  const client: LearnerClient = {
    email,
    cookie,
    landedOn: new URL(done.url).pathname,
    get: (path, accept = 'text/html') => fetch(`${cityUrl}${path}`, { redirect: 'manual', headers: { cookie, accept } }),
    csrf: async () => {
      if (token) return token;
      const page = await (await client.get('/account')).text();
      token = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
      if (!token) throw new Error('The account page carries no CSRF token');
      return token;
    },
    post: async (path, fields) =>
      fetch(`${cityUrl}${path}`, { ...formBody({ csrf: await client.csrf(), ...fields }), redirect: 'manual', headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' } }),
  };
  return client;
}
