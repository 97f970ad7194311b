// The verify page: for an employer or a college checking a badge someone showed them. A plain form
// (no JavaScript): upload a baked image, paste a URL, or paste the badge's JSON; and the result of
// POST /verify in words: valid, revoked, expired or not verifiable and why, with who issued what, when.
import type { Check, CheckName, VerificationReport, VerificationResult } from '../verification';
import { parseDate, timeElement } from './dates';
import { html, httpUrl, markSafe, type SafeHtml } from './html';
import { renderDocument, type PageCity } from './layout';
import { portalStyles } from './opportunity-text';

// The portal's form styles, and the verify form's own: a textarea like the inputs, hints under labels.
const verifyStyles = `
.verify-form{display:grid;gap:1rem;margin-top:1rem}
.verify-form textarea{font:inherit;font-family:ui-monospace,monospace;font-size:.875rem;width:100%;max-width:100%;box-sizing:border-box;padding:.5rem .625rem;border:2px solid var(--muted);border-radius:8px;background:#fff;color:var(--text)}
.verify-form input[type=file]{border:0;padding:0;min-height:auto}
.hint{margin:0;color:var(--muted);font-size:.9375rem}
.result-card .status{margin-top:0}
.result-card details{margin-top:1rem}
.check-list li{margin:.375rem 0;overflow-wrap:anywhere}
.status ul{margin:.5rem 0 0;padding-left:1.25rem;overflow-wrap:anywhere}
`;

export interface VerifyPageModel {
  city: PageCity;
  /** The result, once a badge was given; none on the empty form. */
  result?: VerificationResult;
  /** What was wrong with what was given (nothing chosen, two things, a file too large…): shown above the form. */
  problems?: string[];
  /** What the person gave, put back into the form (never the email, and never an image). */
  given?: { url?: string; json?: string };
  /** The largest image the form takes, in bytes (said beside the field). */
  maxImageBytes: number;
}

/** 1 MB, 256 KB: a size as people read it. */
export const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`);

export type Verdict = 'valid' | 'revoked' | 'expired' | 'not-verifiable';

const FORMAT_NAMES: Record<VerificationReport['format'], string> = {
  'ob2-hosted': 'Open Badges 2.0, hosted by its issuer',
  'ob2-signed': 'Open Badges 2.0, signed',
  'ob3-credential': 'Open Badges 3.0 verifiable credential',
  'ob3-jwt': 'Open Badges 3.0 verifiable credential (JWT)',
  unknown: 'Not a badge format we can verify',
};

const CHECK_NAMES: Record<CheckName, string> = {
  format: 'It is a well-formed badge',
  hosted: 'The issuer still publishes it',
  'hosted-origin': 'It is published where its issuer allows',
  signature: 'Its signature is the issuer’s',
  issuer: 'The issuer’s profile and key',
  'badge-class': 'The badge it claims to be',
  status: 'It has not been revoked',
  issued: 'Its issue date',
  expiry: 'It has not expired',
  recipient: 'It was issued to the email given',
};

/** What a report comes to, in one word: revoked and expired only when that is the one thing wrong. */
export function verdictOf(report: VerificationReport): Verdict {
  if (report.verified) return 'valid';
  const failed = report.checks.filter((c) => !c.passed);
  if (failed.length === 1 && failed[0]!.check === 'status' && failed[0]!.detail.startsWith('revoked')) return 'revoked';
  if (failed.length === 1 && failed[0]!.check === 'expiry' && failed[0]!.detail.startsWith('expired')) return 'expired';
  return 'not-verifiable';
}

const VERDICTS: Record<Verdict, { icon: string; title: string; words: string }> = {
  valid: { icon: '✓', title: 'Valid', words: 'Every check passed: this badge is genuine, and current.' },
  revoked: { icon: '✕', title: 'Revoked', words: 'The badge is genuine, but its issuer has revoked it: it is no longer valid.' },
  expired: { icon: '!', title: 'Expired', words: 'The badge is genuine, but it has expired: it is no longer current.' },
  'not-verifiable': { icon: '?', title: 'Not verifiable', words: 'We could not confirm this badge. What did not check out is listed below.' },
};

// The status box's colours: a revoked or unverifiable badge reads as the badge page's revoked one.
const STATUS_CLASS: Record<Verdict, string> = { valid: 'status-valid', revoked: 'status-revoked', expired: 'status-expired', 'not-verifiable': 'status-revoked' };

export function renderVerifyPage(model: VerifyPageModel): string {
  const { city } = model;
  const action = httpUrl(`${city.baseUrl}/verify`);
  return renderDocument({
    city,
    title: 'Check a badge',
    description: 'Check an Open Badge someone has shown you: upload the badge image, or paste its link or its data, and see whether it is genuine and current.',
    url: `${city.baseUrl}/verify`,
    head: html`<style>${markSafe(portalStyles + verifyStyles)}</style>`,
    main: html`<h1 id="verify-title">Check a badge</h1>
${model.result && results(model.result)}
${model.problems?.length && problemBox(model.problems)}
<section class="card" aria-labelledby="form-title">
<h2 id="form-title">${model.result ? 'Check another badge' : 'Which badge?'}</h2>
<p>Give one of these. Badges from any issuer can be checked, not only this city’s: Open Badges 2.0 and 3.0.</p>
<form class="verify-form" action="${action}" method="post" enctype="multipart/form-data">
<div class="field">
<label for="verify-image">The badge image (PNG or SVG)</label>
<p class="hint" id="verify-image-hint">The picture of the badge, as downloaded from where it was issued: the badge data is inside it. At most ${sizeText(model.maxImageBytes)}.</p>
<input id="verify-image" name="image" type="file" accept="image/png,image/svg+xml,.png,.svg" aria-describedby="verify-image-hint">
</div>
<div class="field">
<label for="verify-url">Or the badge’s link</label>
<p class="hint" id="verify-url-hint">The address of the badge, such as one shared on a CV or a profile.</p>
<input id="verify-url" name="url" type="url" inputmode="url" maxlength="2000" value="${model.given?.url ?? ''}" aria-describedby="verify-url-hint">
</div>
<div class="field">
<label for="verify-json">Or the badge’s data</label>
<p class="hint" id="verify-json-hint">An Open Badges 2.0 assertion or an Open Badges 3.0 credential: its JSON, or its token.</p>
<textarea id="verify-json" name="json" rows="6" maxlength="200000" spellcheck="false" aria-describedby="verify-json-hint">${model.given?.json ?? ''}</textarea>
</div>
<div class="field">
<label for="verify-email">Their email address (optional)</label>
<p class="hint" id="verify-email-hint">To check the badge was issued to this person. It is compared with the badge’s hidden recipient and never stored.</p>
<input id="verify-email" name="email" type="email" autocomplete="off" maxlength="320" aria-describedby="verify-email-hint">
</div>
<button class="button button-primary" type="submit">Check the badge</button>
</form>
</section>`,
  });
}

function problemBox(problems: string[]): SafeHtml {
  return html`<section class="status status-revoked" aria-labelledby="problem-title" role="alert">
<span class="status-icon" aria-hidden="true">!</span>
<div>
<h2 id="problem-title">We could not check that</h2>
<ul>${problems.map((p) => html`<li>${p}</li>`)}</ul>
</div>
</section>`;
}

function results(result: VerificationResult): SafeHtml {
  if (result.reports.length === 0) {
    return html`<section class="status status-revoked" aria-labelledby="result-title"><span class="status-icon" aria-hidden="true">?</span><div><h2 id="result-title">Not verifiable</h2><p>No badge was found in what was given.</p></div></section>`;
  }
  // An image can carry an Open Badges 2.0 and a 3.0 badge: each has its own result.
  return html`${result.reports.map((r, i) => reportSection(r, result.reports.length > 1 ? i + 1 : undefined))}`;
}

function reportSection(report: VerificationReport, number: number | undefined): SafeHtml {
  const verdict = verdictOf(report);
  const { icon, title, words } = VERDICTS[verdict];
  const id = `result-${number ?? 1}`;
  const failed = report.checks.filter((c) => !c.passed);
  return html`<section class="card result-card" aria-labelledby="${id}">
<div class="status ${STATUS_CLASS[verdict]}">
<span class="status-icon" aria-hidden="true">${icon}</span>
<div>
<h2 id="${id}">${title}${number !== undefined ? html` <span class="meta">(badge ${number} in the image)</span>` : ''}</h2>
<p>${words}</p>
${verdict === 'not-verifiable' && failed.length > 0 && html`<ul>${failed.map((c) => html`<li><strong>${CHECK_NAMES[c.check]}:</strong> <bdi>${c.detail}</bdi></li>`)}</ul>`}
</div>
</div>
${report.badge && summary(report)}
<details>
<summary>Every check</summary>
<ul class="plain check-list">${report.checks.map(checkLine)}</ul>
</details>
</section>`;
}

function summary(report: VerificationReport): SafeHtml {
  const badge = report.badge!;
  const issuer = httpUrl(badge.issuer.id);
  const date = (iso: string) => (parseDate(iso) ? timeElement(iso) : iso);
  return html`<dl class="facts">
<dt>Badge</dt><dd><bdi>${badge.name}</bdi></dd>
<dt>Issued by</dt><dd>${issuer ? html`<a href="${issuer}"><bdi>${badge.issuer.name}</bdi></a>` : html`<bdi>${badge.issuer.name}</bdi>`}</dd>
<dt>Issued on</dt><dd>${date(badge.issuedOn)}</dd>
${badge.expires && html`<dt>Expires</dt><dd>${date(badge.expires)}</dd>`}
<dt>Format</dt><dd>${FORMAT_NAMES[report.format]}</dd>
</dl>
${!report.verified && html`<p class="hint">This is what the badge says about itself; it is only as trustworthy as the result above.</p>`}`;
}

const checkLine = (check: Check): SafeHtml =>
  html`<li><span aria-hidden="true">${check.passed ? '✓' : '✕'}</span> <strong>${CHECK_NAMES[check.check]}</strong>: ${check.passed ? 'yes' : 'no'}<span class="visually-hidden">.</span> <span class="meta"><bdi>${check.detail}</bdi></span></li>`;
