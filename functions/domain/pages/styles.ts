// The one stylesheet, inlined into every page: no external assets, nothing to fetch before first paint.
// Only the theme's normalised hex colours are interpolated, so nothing a city or issuer wrote gets in.
import { PAGE_BACKGROUND, STATUS_COLOURS, type Theme } from './theme';
import { toHex } from './colour';

const statusRules = Object.entries(STATUS_COLOURS)
  .map(([state, c]) => `.status-${state}{--status-bg:${c.background};--status-border:${c.border};--status-text:${c.text}}`)
  .join('\n');

export const stylesheet = (theme: Theme): string => `
:root{color-scheme:light;--primary:${theme.primary};--on-primary:${theme.onPrimary};--secondary:${theme.secondary};--link:${theme.link};--tint:${theme.tint};--on-tint:${theme.onTint};--page:${toHex(PAGE_BACKGROUND)};--text:#1f2328;--muted:#4b5563;--line:#dde1e6}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--page);color:var(--text);font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
a{color:var(--link);text-underline-offset:.18em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--link);outline-offset:3px;border-radius:4px}
.skip-link{position:absolute;left:1rem;top:-4rem;z-index:1;padding:.5rem 1rem;background:#fff;color:var(--link);font-weight:600}
.skip-link:focus{top:1rem}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.site-header{background:var(--primary);color:var(--on-primary);border-bottom:6px solid var(--secondary)}
.site-header :focus-visible{outline-color:var(--on-primary)}
.bar,main,.site-footer{max-width:62rem;margin:0 auto;padding-left:1.25rem;padding-right:1.25rem}
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.875rem;padding-top:.875rem;padding-bottom:.875rem}
.nav-link{margin-left:auto;color:var(--on-primary);font-weight:600}
.bar img{height:2.75rem;width:auto;max-width:9rem}
.city-name{margin:0;font-size:1.125rem;font-weight:700;line-height:1.3}
.tagline{margin:0;font-size:.9375rem}
main{padding-top:1.5rem;padding-bottom:2.5rem}
h1{margin:0 0 .5rem;font-size:clamp(1.625rem,1.2rem + 2vw,2.375rem);line-height:1.2}
h2{margin:0 0 .75rem;font-size:1.25rem;line-height:1.3}
h3{margin:0 0 .25rem;font-size:1.0625rem}
.card{background:#fff;border:1px solid var(--line);border-radius:14px;padding:1.25rem 1.25rem 1.375rem;margin-top:1rem}
.hero{display:grid;gap:1.25rem;justify-items:center;text-align:center}
.hero img{display:block;width:11rem;height:11rem;object-fit:contain}
.kicker{margin:0 0 .25rem;color:var(--muted);font-size:.875rem;font-weight:600;letter-spacing:.06em;text-transform:uppercase}
.facts{display:grid;grid-template-columns:auto auto;justify-content:start;gap:.25rem 1rem;margin:.75rem 0 0;text-align:left}
.hero .facts{justify-content:center}
.facts dt{color:var(--muted)}
.facts dd{margin:0;font-weight:600}
.status{display:flex;gap:.875rem;align-items:flex-start;margin-top:1rem;padding:1rem 1.25rem;border:2px solid var(--status-border);border-radius:14px;background:var(--status-bg);color:var(--status-text)}
.status p{margin:0}
.status p+p{margin-top:.375rem}
.status .checked{margin-top:.25rem;font-size:.9375rem}
.status-icon{flex:none;display:grid;place-items:center;width:2rem;height:2rem;border-radius:50%;background:var(--status-border);color:#fff;font-weight:700;line-height:1}
${statusRules}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem}
.button{flex:1 1 15rem;display:inline-flex;align-items:center;justify-content:center;min-height:2.875rem;padding:.625rem 1.125rem;border:2px solid var(--link);border-radius:10px;background:#fff;color:var(--link);font-weight:600;text-align:center;text-decoration:none}
.button:hover{text-decoration:underline}
.button-primary{background:var(--primary);color:var(--on-primary)}
.prose p{margin:0 0 .75rem;white-space:pre-line}
.prose p:last-child{margin-bottom:0}
.plain{list-style:none;margin:0;padding:0}
.skills{display:grid;gap:.625rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.skills li,.levels li,.evidence li{padding:.625rem .875rem;border:1px solid var(--line);border-left:5px solid var(--secondary);border-radius:10px}
.skills a{font-weight:600}
.meta{display:block;color:var(--muted);font-size:.9375rem}
.tags{display:flex;flex-wrap:wrap;gap:.5rem}
.tags li{padding:.25rem .75rem;border-radius:999px;background:var(--tint);color:var(--on-tint);font-size:.9375rem}
.levels,.evidence{display:grid;gap:.625rem}
.levels p,.evidence p{margin:.25rem 0 0}
.data-links li+li{margin-top:.25rem}
.site-footer{padding-top:0;padding-bottom:2rem;color:var(--muted);font-size:.9375rem}
@media (min-width:60rem){
.columns{display:grid;grid-template-columns:minmax(0,1.75fr) minmax(0,1fr);gap:0 1rem;align-items:start}
}
@media (min-width:48rem){
main{padding-top:2.25rem}
.card{padding:1.75rem 2rem}
.hero{grid-template-columns:13rem 1fr;align-items:center;justify-items:start;text-align:left;gap:2rem}
.hero img{width:13rem;height:13rem}
.hero .facts{justify-content:start}
.button{flex:0 1 auto}
}
/* The passport's badges, skills chart and forms (functions/domain/pages/passport-pages.ts) */
.badge-list{list-style:none;margin:0;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.badge-list li{display:flex;flex-direction:column;gap:.5rem}
.badge-list img{width:6rem;height:6rem;object-fit:contain}
.badge-list h3{margin:0;font-size:1.125rem}
.badge-list form{display:inline}
.pill{display:inline-block;padding:.1rem .6rem;border-radius:999px;border:1px solid currentColor;font-size:.875rem;font-weight:600}
.skills-profile{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));align-items:start}
.skills-chart{max-width:100%;height:auto}
.skills-table{border-collapse:collapse;width:100%}
.skills-table th,.skills-table td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #c8ccd2;vertical-align:top}
.skills-table caption{text-align:left;font-weight:600;padding-bottom:.35rem}
.passport-share fieldset{border:1px solid #c8ccd2;border-radius:8px;margin:0 0 1rem;padding:.75rem 1rem}
.passport-share label{display:block;margin:.35rem 0}
.passport-share input[type=text]{font:inherit;padding:.4rem .5rem;border:1px solid #5f6670;border-radius:6px;max-width:100%;width:20rem}
`;
