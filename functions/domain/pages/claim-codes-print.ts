// The printable sheet of a claim set, for its provider to print before an event: one card per code with
// its QR code (the claim page's URL), the badge, what the codes are for, and the code in groups of four
// for anyone who cannot scan. On paper, the city's header and footer give way to the cards, six to an
// A4 page, none split across pages.
import { claimUrl, groupedCode, type ClaimSet } from '../claim-codes';
import { formatDateTime, timeElement } from './dates';
import { html, markSafe } from './html';
import { renderDocument, type PageCity } from './layout';
import { qrSvg } from './qr';

export interface ClaimSheetModel {
  city: PageCity;
  set: ClaimSet;
  badge: { name: string; providerName: string };
  codes: string[];
}

const SHEET_STYLES = markSafe(`<style>
.sheet{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));margin:1rem 0 0;padding:0;list-style:none}
.claim-card{display:grid;gap:.375rem;justify-items:center;text-align:center;padding:1rem;background:#fff;border:2px dashed var(--line);border-radius:14px;break-inside:avoid}
.claim-card .qr{width:100%;max-width:12rem;height:auto}
.claim-card p{margin:0}
.claim-code{font:600 1rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.05em}
@media print{
.site-header,.site-footer,.skip-link,.screen-only{display:none}
body{background:#fff}
main{max-width:none;padding:0}
.sheet{grid-template-columns:repeat(2,1fr);gap:6mm}
.claim-card{border-color:#888;page-break-inside:avoid}
.claim-card .qr{max-width:55mm}
}
</style>`);

export async function renderClaimSheet(model: ClaimSheetModel): Promise<string> {
  const { city, set, badge, codes } = model;
  const cards = await Promise.all(
    codes.map(async (code, index) => {
      const url = claimUrl(city.baseUrl, code);
      return html`<li class="claim-card">
${await qrSvg(url, `QR code ${index + 1} of ${codes.length}: scan it to claim ${badge.name}`)}
<p><strong>${badge.name}</strong></p>
<p>${set.label}</p>
<p>Scan with your phone's camera, or go to <span class="claim-url">${city.baseUrl}/claim</span> and enter</p>
<p class="claim-code" aria-label="Code ${groupedCode(code)}">${groupedCode(code)}</p>
</li>`;
    }),
  );
  const uses = set.kind === 'shared' ? `one shared code, for up to ${set.usesPerCode} learners` : `${set.codes} single-use codes`;
  return renderDocument({
    city,
    title: `Claim codes: ${badge.name}`,
    description: `Printable claim codes for ${badge.name}`,
    url: `${city.baseUrl}/claim-codes/${set.id}/print`,
    head: SHEET_STYLES,
    main: html`<div class="screen-only card">
<p class="kicker">Claim codes · ${badge.providerName}</p>
<h1>${badge.name}: ${set.label}</h1>
<p>${uses}${set.validUntil && html`, valid until ${timeElement(set.validUntil, formatDateTime)}`}. Print this page (it prints the cards only); each QR code opens the claim page, where a learner signs in and receives the badge once.</p>
<p>Anyone holding a code can claim with it: keep the sheets safe until the event.</p>
</div>
<ul class="sheet" aria-label="Claim codes">
${cards}
</ul>`,
  });
}
