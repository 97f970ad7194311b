// The pages that send a badge to the learner's digital wallet: first what will happen (a button, a
// form: no JavaScript), then the offer itself, as a QR code for a wallet on a phone and as an
// `openid-credential-offer://` link for a wallet on this device, with how long it lasts.
import { formatDateTime, timeElement } from './dates';
import { html, httpUrl, type SafeHtml } from './html';
import { renderDocument, type PageCity } from './layout';
import { qrSvg } from './qr';

export interface WalletBadge {
  name: string;
  providerName: string;
  imageUrl: string;
  badgeUrl: string;
}

const intro = (badge: WalletBadge) => html`<div class="hero">
${httpUrl(badge.imageUrl) && html`<img src="${httpUrl(badge.imageUrl)}" alt="" width="208" height="208">`}
<div>
<p class="kicker">Badge from ${badge.providerName}</p>
<h1 id="wallet-title">Add ${badge.name} to a digital wallet</h1>
<p>A digital wallet keeps your badges on your phone, signed by ${badge.providerName}, to show anyone without this website. Wallets that speak OpenID for Verifiable Credential Issuance can take it.</p>
</div>
</div>`;

export function renderWalletStart(model: { city: PageCity; url: string; badge: WalletBadge; csrf: SafeHtml }): string {
  return renderDocument({
    city: model.city,
    title: `Add ${model.badge.name} to a wallet`,
    description: `Send ${model.badge.name} to a digital wallet`,
    url: model.url,
    head: html``,
    main: html`<article class="card" aria-labelledby="wallet-title">
${intro(model.badge)}
<form method="post" action="${model.url}">
${model.csrf}
<p>The next page shows a QR code for your wallet to scan. It works once, for ten minutes: make it when your wallet is ready.</p>
<div class="actions"><button class="button button-primary" type="submit">Show the QR code</button><a class="button" href="${httpUrl(model.badge.badgeUrl)}">Back to the badge</a></div>
</form>
</article>`,
  });
}

export async function renderWalletOffer(model: { city: PageCity; url: string; badge: WalletBadge; offerUri: string; validUntil: string; txCodeSent: boolean }): Promise<string> {
  const qr = await qrSvg(model.offerUri, `QR code: scan it with your wallet to add ${model.badge.name}`);
  return renderDocument({
    city: model.city,
    title: `Scan to add ${model.badge.name}`,
    description: `A wallet offer for ${model.badge.name}`,
    url: model.url,
    head: html`<style>.offer-qr{display:grid;justify-items:center;gap:.75rem;margin-top:1rem}.offer-qr .qr{width:100%;max-width:18rem;height:auto;background:#fff}</style>`,
    main: html`<article class="card" aria-labelledby="wallet-title">
${intro(model.badge)}
<div class="offer-qr">
${qr}
<p>Open your wallet and scan this code. It works once, until ${timeElement(model.validUntil, formatDateTime)}.</p>
${model.txCodeSent && html`<p><strong>Your wallet will ask for a 6-digit code: we have emailed it to you.</strong></p>`}
</div>
<div class="actions">
<a class="button button-primary" href="${model.offerUri}">Open in a wallet on this device</a>
<a class="button" href="${httpUrl(model.badge.badgeUrl)}">Back to the badge</a>
</div>
</article>`,
  });
}
