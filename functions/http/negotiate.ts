// Content negotiation for URLs that serve both people and machines: HTML only when the client prefers
// it (a browser), JSON otherwise (backpacks, validators, curl).
/** The q-value the Accept header gives `type`; wildcards count only where `wildcards` allows. */
const quality = (accept: string, type: string, wildcards = true): number => {
  let best = -1;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().split(';').map((s) => s.trim());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    const [major, minor] = range.split('/');
    const matches = range === type || (wildcards && ((minor === '*' && major !== '*' && type.startsWith(`${major}/`)) || range === '*/*'));
    if (matches) best = Math.max(best, Number.isNaN(q) ? 0 : q);
  }
  return best;
};

export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  // Browsers name text/html; `*/*` alone (curl, most HTTP libraries) gets JSON.
  const html = quality(accept, 'text/html', false);
  return html > 0 && html >= Math.max(quality(accept, 'application/json'), quality(accept, 'application/ld+json'));
}
