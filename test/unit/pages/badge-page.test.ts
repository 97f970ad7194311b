import { describe, expect, it } from 'vitest';
import { BadgePageModelSchema, renderBadgePage } from '../../../functions/domain/pages/badge-page';
import { escapeHtml } from '../../../functions/domain/pages/html';
import { badgeModel, nextOpportunities } from './fixtures';
import { EMAIL, metaOf, PAGE_TAGS, tagsOf, textOf } from './markup';

const HOSTILE = `<script>alert(1)</script>"><img src=x onerror=alert(2)>' onmouseover='alert(3)`;
const HOSTILE_URLS = ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '/relative'];

/** A model with every text field hostile and every URL field one of the URLs that must never become a link. */
function hostileModel(badUrl: string) {
  return badgeModel({
    city: {
      name: HOSTILE,
      baseUrl: badUrl,
      branding: { displayName: HOSTILE, tagline: HOSTILE, primaryColour: `#000;}</style>${HOSTILE}`, secondaryColour: HOSTILE, logoUrl: badUrl },
    },
    badge: {
      id: HOSTILE,
      url: badUrl,
      name: HOSTILE,
      description: HOSTILE,
      imageUrl: badUrl,
      shareImageUrl: badUrl,
      downloadUrl: badUrl,
      assertionUrl: badUrl,
      credentialUrl: badUrl,
      criteria: { narrative: HOSTILE, url: badUrl },
      issuer: { name: HOSTILE, url: badUrl, profileUrl: badUrl },
      skills: [{ name: HOSTILE, url: badUrl, framework: HOSTILE, code: HOSTILE }],
      tags: [HOSTILE],
      evidence: [{ name: HOSTILE, url: badUrl, narrative: HOSTILE }, { url: badUrl }],
      narrative: HOSTILE,
    },
    next: {
      opportunities: [{ ...nextOpportunities[0]!, title: HOSTILE, url: badUrl, provider: { id: 'x', name: HOSTILE }, place: { mode: 'in-person', name: HOSTILE, locality: HOSTILE } }],
      searchUrl: badUrl,
    },
    status: { state: 'revoked', reason: HOSTILE },
  });
}

describe('renderBadgePage', () => {
  it('renders the fixture, which the schema accepts', () => {
    const model = badgeModel();
    expect(BadgePageModelSchema.parse(model)).toEqual(model);
    const page = renderBadgePage(model);
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(() => tagsOf(page)).not.toThrow();
  });

  it.each(HOSTILE_URLS)('escapes hostile text in every field and links nothing to %j', (badUrl) => {
    const page = renderBadgePage(hostileModel(badUrl));
    const tags = tagsOf(page); // throws if any `<` is not one of our own well-formed tags
    expect(tags.map((t) => t.name).filter((name) => !PAGE_TAGS.has(name))).toEqual([]);
    expect(tags.flatMap((t) => Object.keys(t.attributes)).filter((name) => name.startsWith('on'))).toEqual([]);
    expect(page).not.toMatch(/<script|<img src=x|javascript:|vbscript:|data:text/i);
    for (const { name, attributes } of tags) {
      if (attributes.href !== undefined) expect(attributes.href, name).toMatch(/^(https?:\/\/|#main$)/);
      if (attributes.src !== undefined) expect(attributes.src, name).toMatch(/^https?:\/\//);
    }
    // The hostile text is all still there, as text: in the heading, the status, the lists and the reason.
    expect(page).toContain(`<h1 id="badge-name">${escapeHtml(HOSTILE)}</h1>`);
    expect(textOf(page)).toContain(`Reason given: ${HOSTILE}`);
    expect(textOf(page)).toContain(`Revoked: ${HOSTILE} has revoked this badge`);
    expect(metaOf(page)['og:title']).toBe(HOSTILE);
    // A brand colour that is not a colour never reaches the stylesheet.
    expect(page).toContain('--primary:#2f3b52;');
  });

  it('shares the badge with Open Graph and Twitter tags, a canonical link and the assertion as alternate', () => {
    const model = badgeModel();
    const page = renderBadgePage(model);
    expect(metaOf(page)).toMatchObject({
      'og:type': 'website',
      'og:title': 'Community Gardening',
      'og:description': expect.stringMatching(/^Awarded to volunteers who helped plan/),
      'og:url': model.badge.url,
      'og:image': model.badge.shareImageUrl,
      'og:image:alt': 'Community Gardening badge',
      'og:site_name': 'Demo City of Learning',
      'twitter:card': 'summary',
      'twitter:title': 'Community Gardening',
      'twitter:image': model.badge.shareImageUrl,
    });
    const links = tagsOf(page).filter((t) => t.name === 'link');
    expect(links).toContainEqual({ name: 'link', attributes: { rel: 'canonical', href: model.badge.url } });
    expect(links).toContainEqual({ name: 'link', attributes: { rel: 'alternate', type: 'application/ld+json', href: model.badge.assertionUrl } });
  });

  it('says in share previews that a badge is revoked or expired', () => {
    expect(metaOf(renderBadgePage(badgeModel({ status: { state: 'revoked' } })))['og:description']).toMatch(/^Revoked\. Awarded/);
    expect(metaOf(renderBadgePage(badgeModel({ status: { state: 'expired' } })))['twitter:description']).toMatch(/^Expired\. Awarded/);
  });

  it("pre-fills LinkedIn's add-certification form, with the expiry when there is one", () => {
    const model = badgeModel();
    const linkedIn = linkHref(renderBadgePage(model), 'Add to LinkedIn profile');
    expect(`${linkedIn.origin}${linkedIn.pathname}`).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Community Gardening',
      organizationName: 'Green Streets Trust',
      issueYear: '2026',
      issueMonth: '3',
      certUrl: model.badge.url,
      certId: '01HZX3K9Q4',
      expirationYear: '2028',
      expirationMonth: '3',
    });
    const lasting = linkHref(renderBadgePage(badgeModel({ badge: { expires: undefined, name: 'Tea & "Cake"' } })), 'Add to LinkedIn profile');
    expect(lasting.searchParams.get('name')).toBe('Tea & "Cake"');
    expect(lasting.searchParams.has('expirationYear')).toBe(false);
  });

  it('offers no LinkedIn link for a revoked badge', () => {
    const page = renderBadgePage(badgeModel({ status: { state: 'revoked' } }));
    expect(page).not.toContain('linkedin.com');
    expect(textOf(page)).not.toContain('LinkedIn');
  });

  it('states each verification result in words, with when it was checked', () => {
    const valid = textOf(renderBadgePage(badgeModel()));
    expect(valid).toContain('Verified: issued by Green Streets Trust to the holder of this badge.');
    expect(valid).toContain('Checked 2 April 2026 at 14:05 UTC');

    const revoked = textOf(renderBadgePage(badgeModel({ status: { state: 'revoked', reason: 'Awarded in error.' } })));
    expect(revoked).toContain('Revoked: Green Streets Trust has revoked this badge, so it is no longer valid.');
    expect(revoked).toContain('Reason given: Awarded in error.');
    expect(revoked).not.toContain('Verified');

    const expiredModel = badgeModel({ badge: { expires: '2026-03-31T00:00:00Z' }, status: { state: 'expired' } });
    const expired = renderBadgePage(expiredModel);
    expect(textOf(expired)).toContain('Expired on 31 March 2026: this badge is no longer current. It was issued by Green Streets Trust');
    expect(textOf(expired)).toContain('Expired on 31 March 2026'); // the facts list says "Expired on", not "Expires on"
    expect(textOf(renderBadgePage(badgeModel({ badge: { expires: '2027-03-31T00:00:00Z' } })))).toContain('Expires on 31 March 2027');
    expect(expired).toContain('class="status status-expired"');
  });

  it('offers no LinkedIn link for an expired badge, as if it were current', () => {
    const expired = renderBadgePage(badgeModel({ badge: { expires: '2026-03-31T00:00:00Z' }, status: { state: 'expired' } }));
    expect(textOf(expired)).not.toContain('LinkedIn');
    expect(expired).not.toContain('linkedin.com');
  });

  it('shows the issue date for people and for machines, and the download, the JSON and the skills as links', () => {
    const model = badgeModel();
    const page = renderBadgePage(model);
    expect(page).toContain('<time datetime="2026-03-12T09:30:00.000Z">12 March 2026</time>');
    expect(page).toContain(`<a class="button button-primary" href="${escapeHtml(model.badge.downloadUrl)}" download>Download baked badge</a>`);
    expect(linkHref(page, 'Open Badges 2.0 assertion (JSON)').href).toBe(model.badge.assertionUrl);
    expect(linkHref(page, 'Open Badges 3.0 credential (JSON)').href).toBe(model.badge.credentialUrl);
    expect(linkHref(page, 'Green Streets Trust').href).toBe('https://greenstreets.example/');
    expect(linkHref(page, 'Teamwork').href).toBe('https://learn.demo.example/skills/teamwork');
    expect(page).toContain('<span class="meta">Demo City Skills Spine · teamwork</span>');
    expect(linkHref(page, 'Read the full criteria').href).toBe(model.badge.criteria.url);
    expect(linkHref(page, 'Garden diary').href).toBe('https://greenstreets.example/diaries/4411');
  });

  it('is one accessible, script-free document: landmarks, one h1, alt text, viewport, focus styles', () => {
    const page = renderBadgePage(badgeModel());
    const names = tagsOf(page).map((t) => t.name);
    expect(names.filter((name) => name === 'h1')).toHaveLength(1);
    for (const landmark of ['header', 'main', 'footer']) expect(names).toContain(landmark);
    expect(page).not.toMatch(/<script/i);
    expect(tagsOf(page).filter((t) => t.name === 'img').map((t) => t.attributes.alt)).toEqual(['Community Gardening badge']);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toMatch(/:focus-visible\{outline:3px solid/);
    // The policy is a response header (functions/http/reply.ts), where frame-ancestors works too.
    expect(tagsOf(page).find((t) => t.attributes['http-equiv'])).toBeUndefined();
  });

  it('leaves out sections with nothing in them', () => {
    const page = renderBadgePage(badgeModel({ badge: { skills: [], tags: [], evidence: [{}], narrative: undefined, criteria: {} } }));
    for (const heading of ['Skills', 'Tags', 'What the learner did', 'How it is earned']) expect(page).not.toContain(`>${heading}</h2>`);
  });

  it("shows the learner's own narrative with their evidence, as text", () => {
    const page = renderBadgePage(badgeModel());
    const section = page.slice(page.indexOf('<h2 id="evidence">'), page.indexOf('</section>', page.indexOf('<h2 id="evidence">')));
    expect(textOf(section)).toContain('I planned the beds with two friends');
    expect(textOf(section)).toContain('Garden diary');
    expect(textOf(section)).toContain('Led the spring planting session');
    // Only the narrative, when the award has no evidence.
    const alone = renderBadgePage(badgeModel({ badge: { evidence: [] } }));
    expect(alone).toContain('>What the learner did</h2>');
    expect(alone).not.toContain('class="plain evidence"');
  });

  it('lists what next in the order given, with distance, and links to more for the same skills', () => {
    const page = renderBadgePage(badgeModel());
    const section = page.slice(page.indexOf('<h2 id="what-next">'));
    expect(section.indexOf('Lead a growing club')).toBeLessThan(section.indexOf('Sustainability leadership'));
    expect(textOf(section)).toContain('1.2 km away');
    expect(linkHref(page, 'Find more opportunities for these skills').searchParams.get('skill')).toBe('teamwork,sustainability');
    const none = renderBadgePage(badgeModel({ next: { opportunities: [] } }));
    expect(textOf(none)).toContain("Nothing in the city's directory builds these skills at the next level right now.");
    // A revoked badge still points the way, under a heading that does not congratulate.
    expect(renderBadgePage(badgeModel({ status: { state: 'revoked' } }))).toContain('>Build these skills further</h2>');
  });

  it('never shows personal data: recipient details do not survive the schema', () => {
    const withRecipient = { ...badgeModel(), recipient: { email: 'ada@example.org', name: 'Ada Lovelace' } };
    const page = renderBadgePage(BadgePageModelSchema.parse(withRecipient));
    expect(page).not.toMatch(EMAIL);
    expect(page).not.toContain('Ada');
    expect(renderBadgePage(hostileModel('javascript:x'))).not.toMatch(EMAIL);
  });

  it('is the same bytes for the same model', () => {
    expect(renderBadgePage(badgeModel())).toBe(renderBadgePage(badgeModel()));
  });
});

/** The href of the one link whose text is exactly `text`. */
function linkHref(page: string, text: string): URL {
  const matches = [...page.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].filter(([, , label]) => textOf(label!).trim() === text);
  expect(matches, text).toHaveLength(1);
  return new URL(textOf(matches[0]![1]!).trim());
}
