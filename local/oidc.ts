// The local city's sign-in: oidc-provider (an OpenID Certified provider library) standing in for the
// city's Amazon Cognito user pool, configured to behave as the pool does: passwordless, an email step,
// then a six-digit one-time code sent by mail (through the local SES, the city's own sender), then
// back to the city with an authorization code (PKCE required, S256 only), and ID tokens signed RS256
// with `sub`, `email` and `email_verified`. The application is the same plain OIDC client against
// either. Accounts (address → a stable random `sub`) and the signing and cookie keys live in
// <data dir>/<city>/oidc/, so they survive a restart; sessions and codes do not (sign in again).
// No account enumeration: every address gets the same answer at the same point (a code is sent for
// any address, new or known, and the page does not wait for the mail); codes are rate-limited per
// address and per client, and die after five wrong tries or ten minutes.
// Beside the provider, on the same port, the one call of the Cognito user pool API the city makes:
// AdminDeleteUser over the AWS JSON 1.1 protocol (POST / with X-Amz-Target), so that deleting an
// account runs the same SDK call against this stand-in as against the pool, and the learner's
// address goes from here as it goes from the pool.
import { createHash, generateKeyPairSync, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
// oidc-provider 8.x: 9.x warns on every start under Node 20 (it wants 22), which this repo still supports locally.
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import * as z from 'zod/mini';
import type { CityConfig } from '../definitions/city-config';
import { learnerClientName, localUserPoolId, signedOutPath, signInCallbackPath } from '../definitions/learner-sign-in';
import { PAGE_SECURITY_HEADERS } from '../definitions/security-headers';
import { field, form, formStyles } from '../functions/domain/pages/forms';
import { html, type SafeHtml } from '../functions/domain/pages/html';
import { renderDocument } from '../functions/domain/pages/layout';
import { renderMail } from '../functions/mail/message';
import { mailSender } from '../functions/mail/send';
import { mailConfigurationSetName, mailFromAddress } from '../definitions/mail';
import { DEFAULT_HOST, localEndpoint, type RunningService } from './services';

export const CODE_TTL_MS = 10 * 60 * 1000;
const CODE_ATTEMPTS = 5;
/** Codes sent per address, and per client address, in any 15 minutes. */
export const CODES_PER_ADDRESS = 5;
export const CODES_PER_CLIENT = 20;
const RATE_WINDOW_MS = 15 * 60 * 1000;

export interface LocalSignIn extends RunningService {
  issuer: string;
  clientId: string;
  /** Where the SDK's Cognito Identity Provider client reaches the stand-in (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER). */
  endpoint: string;
  /** The stand-in pool's id (LEARNER_USER_POOL_ID). */
  userPoolId: string;
}

const COGNITO_TARGET = 'AWSCognitoIdentityProviderService.';

const StateSchema = z.object({
  accounts: z.record(z.string(), z.string()),
  jwk: z.record(z.string(), z.unknown()),
  cookieKeys: z.array(z.string()),
});
type State = z.infer<typeof StateSchema>;

function loadState(dir: string): State {
  const file = join(dir, 'provider.json');
  if (existsSync(file)) return StateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
  const state = { accounts: {}, jwk, cookieKeys: [randomBytes(32).toString('base64url')] };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
  return state;
}

const normalise = (email: string) => email.trim().toLowerCase();
const hash = (code: string) => createHash('sha256').update(code).digest();

/** A sliding count of events per key, in memory (the provider's own state, like Cognito's limits). */
class RateLimit {
  private readonly events = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  take(key: string, now = Date.now()): boolean {
    const recent = (this.events.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.events.set(key, recent);
      return false;
    }
    recent.push(now);
    this.events.set(key, recent);
    return true;
  }
}

interface PendingCode {
  email: string;
  codeHash: Buffer;
  expiresAt: number;
  attemptsLeft: number;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 8192) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startLocalSignIn(options: { port: number; host?: string; dataDir: string; config: CityConfig; cityUrl: string; mailEndpoint: string }): Promise<LocalSignIn> {
  const { config, cityUrl } = options;
  const host = options.host ?? DEFAULT_HOST;
  // The city's own URLs name localhost; so does the issuer, so that its cookies and the city's are same-site.
  const issuer = new URL(cityUrl).hostname === 'localhost' ? `http://localhost:${options.port}` : localEndpoint(host, options.port);
  const clientId = learnerClientName(config.id);
  const state = loadState(options.dataDir);
  const saveState = () => writeFileSync(join(options.dataDir, 'provider.json'), JSON.stringify(state), { mode: 0o600 });
  const emailOf = new Map(Object.entries(state.accounts).map(([email, sub]) => [sub, email]));
  const pending = new Map<string, PendingCode>();
  const perAddress = new RateLimit(CODES_PER_ADDRESS, RATE_WINDOW_MS);
  const perClient = new RateLimit(CODES_PER_CLIENT, RATE_WINDOW_MS);
  const pageCity = { name: config.name, baseUrl: cityUrl, branding: config.branding };
  // The city's own sender and settings: the mail looks as the user pool's does, from the same address.
  const sendMail = mailSender({ from: mailFromAddress(config), configurationSet: mailConfigurationSetName(config.id), endpoint: options.mailEndpoint });

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        redirect_uris: [`${cityUrl}${signInCallbackPath}`],
        post_logout_redirect_uris: [`${cityUrl}${signedOutPath}`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: 'RS256',
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'email'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    // The ID token carries the claims itself, as Cognito's does (no userinfo call needed).
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => {
      const email = emailOf.get(sub);
      return email ? { accountId: sub, claims: () => ({ sub, email, email_verified: true }) } : undefined;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // First party: the city's own app needs no consent screen; every grant is openid + email.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email');
      await grant.save();
      return grant;
    },
    cookies: { keys: state.cookieKeys },
    jwks: { keys: [state.jwk as never] },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    ttl: { Session: 60 * 60, Interaction: 15 * 60, Grant: 60 * 60, AccessToken: 10 * 60, AuthorizationCode: 60, IdToken: 10 * 60 },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Sign-in failed', html`<h1>Sign-in failed</h1><p>${String(out.error_description ?? out.error)}</p><p><a href="${cityUrl}/">Back to ${config.branding.displayName}</a></p>`);
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.proxy = false;

  function page(title: string, main: SafeHtml): string {
    return renderDocument({ city: pageCity, title, description: `Sign in to ${config.branding.displayName}`, url: `${issuer}/`, head: formStyles, main });
  }

  const send = (res: ServerResponse, status: number, body: string) => {
    // The pages' own headers, with the city's origin allowed as a form's destination: the code form's
    // answer redirects back to the city, and browsers hold redirects after a post to form-action.
    const csp = PAGE_SECURITY_HEADERS['content-security-policy'].replace("form-action 'self'", `form-action 'self' ${new URL(cityUrl).origin}`);
    res.writeHead(status, { ...PAGE_SECURITY_HEADERS, 'content-security-policy': csp, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };

  const emailStep = (uid: string, error?: string, value?: string) =>
    page(
      'Sign in',
      html`<h1>Sign in or create your passport</h1>
<p>No password: we email you a code.</p>
${form(`/interaction/${uid}/email`, '', field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'email', inputmode: 'email', value, error, hint: 'If you have more than one, use the one you gave when you earned a badge.' }), 'Send me a code')}`,
    );

  const codeStep = (uid: string, error?: string) =>
    page(
      'Enter your code',
      html`<h1>Check your email</h1>
<p class="notice">If that address can receive mail, a six-digit code is on its way. It works for 10 minutes.</p>
${form(`/interaction/${uid}/code`, '', field({ name: 'code', label: 'Code', autocomplete: 'one-time-code', inputmode: 'numeric', className: 'code', maxlength: 6, error, hint: 'The six digits from the email.' }), 'Sign in')}
<p><a href="/interaction/${uid}">Use a different email address</a></p>`,
    );

  async function mailCode(email: string, code: string): Promise<void> {
    const mail = renderMail(pageCity, {
      subject: `Your sign-in code for ${config.branding.displayName}`,
      heading: 'Your sign-in code',
      paragraphs: ['Enter this code on the sign-in page. It works for 10 minutes.'],
      code,
      footnote: 'Someone asked to sign in with this address. If it was not you, ignore this email: nobody can sign in without the code.',
    });
    await sendMail({ ...mail, to: email, purpose: 'sign-in-code' });
  }

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, step: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (req.method === 'GET' && !step) return send(res, 200, emailStep(uid));
    if (req.method !== 'POST') return send(res, 405, page('Not allowed', html`<h1>Not allowed</h1>`));
    const fields = await readForm(req);
    if (step === 'email') {
      const email = normalise(fields.get('email') ?? '');
      if (!z.email().safeParse(email).success || email.length > 254) return send(res, 400, emailStep(uid, 'Enter an email address, like name@example.org', fields.get('email') ?? ''));
      const client = req.socket.remoteAddress ?? 'unknown';
      // Over either limit, no mail goes out, and the page says what it always says.
      if (perClient.take(client) && perAddress.take(email)) {
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        pending.set(uid, { email, codeHash: hash(code), expiresAt: Date.now() + CODE_TTL_MS, attemptsLeft: CODE_ATTEMPTS });
        // Not awaited: the answer comes at the same point whether or not (and however slowly) a mail goes.
        mailCode(email, code).catch((error: unknown) => console.error('[local] the sign-in code mail failed:', (error as Error).message));
      } else {
        pending.delete(uid);
      }
      return send(res, 200, codeStep(uid));
    }
    if (step === 'code') {
      const entry = pending.get(uid);
      const given = Buffer.from((fields.get('code') ?? '').replace(/\s+/g, ''));
      if (!entry || entry.expiresAt < Date.now() || entry.attemptsLeft <= 0) {
        pending.delete(uid);
        return send(res, 400, codeStep(uid, 'That code has expired or was tried too often. Use a different email address or ask for a new code.'));
      }
      entry.attemptsLeft--;
      if (!timingSafeEqual(hash(given.toString()), entry.codeHash)) return send(res, 400, codeStep(uid, 'That code is not right. Check the email and try again.'));
      pending.delete(uid);
      let sub = state.accounts[entry.email];
      if (!sub) {
        sub = randomUUID();
        state.accounts[entry.email] = sub;
        emailOf.set(sub, entry.email);
        saveState();
      }
      return provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    }
    return send(res, 404, page('Not found', html`<h1>Not found</h1>`));
  }

  const userPoolId = localUserPoolId(config.id);
  /** The user pool API's answer: 200 with a JSON body, or Cognito's error shape (the SDK reads `__type`). */
  const answerApi = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(status === 200 ? {} : { 'x-amzn-errortype': String(body.__type) }) });
    res.end(JSON.stringify(body));
  };
  async function userPoolApi(req: IncomingMessage, res: ServerResponse, operation: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // Signed requests only, as the pool takes (the signature itself is not checked: local credentials are fixed).
    if (!/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[\w-]+\/cognito-idp\/aws4_request/.test(req.headers.authorization ?? '')) {
      return answerApi(res, 400, { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    }
    if (operation !== 'AdminDeleteUser') return answerApi(res, 400, { __type: 'UnknownOperationException', message: `The local user pool serves AdminDeleteUser only, not ${operation}` });
    const input = z.object({ UserPoolId: z.string(), Username: z.string() }).safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
    if (!input.success) return answerApi(res, 400, { __type: 'InvalidParameterException', message: 'UserPoolId and Username are required' });
    if (input.data.UserPoolId !== userPoolId) return answerApi(res, 400, { __type: 'ResourceNotFoundException', message: `User pool ${input.data.UserPoolId} does not exist.` });
    // The username (here each account's sub), or the email alias, as the pool takes either.
    const email = emailOf.has(input.data.Username) ? emailOf.get(input.data.Username)! : normalise(input.data.Username);
    const sub = state.accounts[email];
    if (!sub) return answerApi(res, 400, { __type: 'UserNotFoundException', message: 'User does not exist.' });
    delete state.accounts[email];
    emailOf.delete(sub);
    saveState();
    return answerApi(res, 200, {});
  }

  const callback = provider.callback();
  const server = createServer((req, res) => {
    const target = req.headers['x-amz-target'];
    if (req.method === 'POST' && typeof target === 'string' && target.startsWith(COGNITO_TARGET)) {
      userPoolApi(req, res, target.slice(COGNITO_TARGET.length)).catch(() => {
        if (!res.headersSent) answerApi(res, 400, { __type: 'InvalidParameterException', message: 'The request could not be read' });
      });
      return;
    }
    const match = /^\/interaction\/([\w-]+)(?:\/(email|code))?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return void callback(req, res);
    interaction(req, res, match[1]!, match[2]).catch(() => {
      if (!res.headersSent) send(res, 400, page('Sign-in expired', html`<h1>This sign-in has expired</h1><p><a href="${cityUrl}/sign-in">Start again</a></p>`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  return {
    issuer,
    clientId,
    endpoint: localEndpoint(host, options.port),
    userPoolId,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
