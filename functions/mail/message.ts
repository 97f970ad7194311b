// Every mail the city sends, in one shape and the city's branding: a plain-text part and an HTML part
// saying the same thing. Pure: callers render a message, then hand it to send.ts. Text from learners
// or providers is escaped in the HTML part by the pages' own `html` template.
import { html, httpUrl, markSafe } from '../domain/pages/html';
import { brandTheme } from '../domain/pages/theme';

export interface MailCity {
  name: string;
  baseUrl: string;
  branding: { displayName: string; primaryColour: string; secondaryColour: string };
}

export interface MailContent {
  subject: string;
  /** The first line, e.g. "Your sign-in code". */
  heading: string;
  paragraphs: readonly string[];
  /** A one-time code, shown large and alone on its line (easy to read out or copy). */
  code?: string;
  /** The one thing to do, as a button in HTML and a bare URL in text. */
  action?: { label: string; url: string };
  /** Why the reader got this mail, and what to do if it was not for them. */
  footnote: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function renderMail(city: MailCity, content: MailContent): RenderedMail {
  const theme = brandTheme(city.branding);
  const action = content.action && httpUrl(content.action.url) ? content.action : undefined;
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.code ? [`    ${content.code}`, ''] : []),
    ...(action ? [`${action.label}: ${action.url}`, ''] : []),
    '--',
    content.footnote,
    `${city.branding.displayName} · ${city.baseUrl}`,
    '',
  ].join('\n');
  // Mail clients ignore <style> blocks and classes unevenly: inline styles, one column, system fonts.
  const body = html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${content.subject}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;color:#1f2328;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif">
<div style="max-width:36rem;margin:0 auto;background:#ffffff">
<div style="padding:16px 24px;background:${markSafe(theme.primary)};color:${markSafe(theme.onPrimary)};border-bottom:6px solid ${markSafe(theme.secondary)};font-weight:700;font-size:18px">${city.branding.displayName}</div>
<div style="padding:24px">
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${content.heading}</h1>
${content.paragraphs.map((p) => html`<p style="margin:0 0 16px">${p}</p>`)}
${content.code && html`<p style="margin:0 0 16px;font-size:32px;font-weight:700;letter-spacing:6px;font-family:ui-monospace,Menlo,Consolas,monospace">${content.code}</p>`}
${action && html`<p style="margin:0 0 16px"><a href="${action.url}" style="display:inline-block;padding:10px 18px;border-radius:10px;background:${markSafe(theme.primary)};color:${markSafe(theme.onPrimary)};font-weight:600;text-decoration:none">${action.label}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#4b5563">Or open this link: <a href="${action.url}" style="color:${markSafe(theme.link)}">${action.url}</a></p>`}
</div>
<div style="padding:16px 24px;border-top:1px solid #dde1e6;color:#4b5563;font-size:14px">
<p style="margin:0 0 8px">${content.footnote}</p>
<p style="margin:0">${city.branding.displayName} · <a href="${city.baseUrl}" style="color:${markSafe(theme.link)}">${city.baseUrl}</a></p>
</div>
</div>
</body>
</html>
`;
  return { subject: content.subject, text, html: body.markup };
}
