// The document every public page shares: head (sharing tags, canonical URL, inline stylesheet), the
// city's branded header, a main landmark and a footer. Pages supply their title and their main content.
import * as z from 'zod/mini';
import { html, httpUrl, markSafe, type SafeHtml } from './html';
import { stylesheet } from './styles';
import { summarise } from './text';
import { brandTheme } from './theme';

/** The city as its pages show it: the shape `readCity()` returns (its `id` is not needed here). */
export const PageCitySchema = z.object({
  name: z.string(),
  /** Where the city's public URLs live, without a trailing slash. */
  baseUrl: z.string(),
  branding: z.object({
    displayName: z.string(),
    tagline: z.optional(z.string()),
    primaryColour: z.string(),
    secondaryColour: z.string(),
    logoUrl: z.optional(z.string()),
  }),
});
export type PageCity = z.infer<typeof PageCitySchema>;

export interface PageContent {
  city: PageCity;
  /** The page's own title (og:title); <title> adds the city's name. */
  title: string;
  /** Plain text for the description and share previews; shortened here. */
  description: string;
  /** The page's public URL: canonical link and og:url. */
  url: string;
  image?: { url: string; alt: string };
  /** Page-specific <head> links, such as the JSON alternates. */
  head: SafeHtml;
  main: SafeHtml;
}

const SHARE_DESCRIPTION_LENGTH = 200;

export function renderDocument(page: PageContent): string {
  const { city } = page;
  const { branding } = city;
  const theme = brandTheme(branding);
  const description = summarise(page.description, SHARE_DESCRIPTION_LENGTH);
  const url = httpUrl(page.url);
  const image = page.image && httpUrl(page.image.url);
  const logo = httpUrl(branding.logoUrl);
  const spine = httpUrl(`${city.baseUrl}/skills`);
  const directory = httpUrl(`${city.baseUrl}/opportunities`);
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${branding.displayName}</title>
<meta name="description" content="${description}">
<meta name="theme-color" content="${theme.primary}">
${url && html`<link rel="canonical" href="${url}">`}
${page.head}
<meta property="og:type" content="website">
<meta property="og:site_name" content="${branding.displayName}">
<meta property="og:title" content="${page.title}">
<meta property="og:description" content="${description}">
${url && html`<meta property="og:url" content="${url}">`}
${image && html`<meta property="og:image" content="${image}">
<meta property="og:image:alt" content="${page.image?.alt}">`}
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="${page.title}">
<meta name="twitter:description" content="${description}">
${image && html`<meta name="twitter:image" content="${image}">
<meta name="twitter:image:alt" content="${page.image?.alt}">`}
<style>${markSafe(stylesheet(theme))}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<div class="bar">
${logo && html`<img src="${logo}" alt="" width="88" height="44">`}
<div>
<p class="city-name">${branding.displayName}</p>
${branding.tagline && html`<p class="tagline">${branding.tagline}</p>`}
</div>
${directory && html`<a class="nav-link" href="${directory}">Find opportunities</a>`}
</div>
</header>
<main id="main">
${page.main}
</main>
<footer class="site-footer">
<p>${city.name}${spine && html` · <a href="${spine}">The city's skills spine</a>`}</p>
</footer>
</body>
</html>
`;
  return document.markup;
}
