import { describe, expect, it } from 'vitest';
import { escapeHtml, html, httpUrl, link, markSafe } from '../../../functions/domain/pages/html';
import { renderBadgePage } from '../../../functions/domain/pages/badge-page';
import { renderDefaultBadgeSvg } from '../../../functions/domain/pages/default-badge-svg';
import { badgeModel } from './fixtures';

describe('html', () => {
  it('escapes every interpolated string, including both quotes for attributes', () => {
    const hostile = `<script>alert("x")</script> & 'y'`;
    expect(html`<p title="${hostile}">${hostile}</p>`.markup).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    );
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('keeps nested html and marked-safe markup, joins lists and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}${markSafe('<br>')}`.markup).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0<br>');
  });

  it('lets only absolute http(s) URLs through, normalised', () => {
    expect(httpUrl('https://example.org/a b?q="x"')).toBe('https://example.org/a%20b?q=%22x%22');
    expect(httpUrl('HTTP://Example.org')).toBe('http://example.org/');
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'vbscript:x', '/relative', '//host/x', 'mailto:a@b.c', '', undefined]) {
      expect(httpUrl(bad), String(bad)).toBeUndefined();
    }
  });

  it('links text to a good URL and leaves the text unlinked for a bad one', () => {
    expect(link('https://example.org', 'Ex<')).toEqual(html`<a href="https://example.org/">Ex&lt;</a>`);
    expect(link('javascript:alert(1)', 'Ex<').markup).toBe('Ex&lt;');
  });

  it('removes bidirectional embedding, override and isolate controls from text and attributes', () => {
    const controls = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069';
    expect(escapeHtml(`a${controls}b`)).toBe('ab');
    expect(html`<p title="${'x\u202Ey'}">${'\u2067evil\u2069'}</p>`.markup).toBe('<p title="xy">evil</p>');
    // Arabic and Hebrew text keeps its letters and its direction marks (U+200E/U+200F are not overrides).
    expect(escapeHtml('مرحبا \u200Fשלום')).toBe('مرحبا \u200Fשלום');
  });
});

describe('bidirectional controls on pages', () => {
  // "Trojan Source": U+202E makes "Cooking 101 \u202Egnp.exe" show as "Cooking 101 exe.png".
  const SPOOF = 'Cooking 101 \u202Egnp.exe\u2066';
  const CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

  it('never reach a badge page, its share tags or the default badge image', () => {
    const model = badgeModel({ badge: { name: SPOOF, description: SPOOF, issuer: { name: SPOOF, profileUrl: 'https://x.example/i' }, tags: [SPOOF] }, status: { state: 'revoked', reason: SPOOF } });
    const page = renderBadgePage(model);
    expect(page).not.toMatch(CONTROLS);
    expect(page).toContain('Cooking 101 gnp.exe');
    // Issuer names and reasons inside sentences are isolated, so a right-to-left name cannot reorder the sentence.
    expect(page).toContain('<bdi>Cooking 101 gnp.exe</bdi> has revoked this badge');
    expect(page).toContain('Reason given: <bdi>Cooking 101 gnp.exe</bdi>');
    expect(renderDefaultBadgeSvg({ name: SPOOF, primaryColour: '#112233', secondaryColour: '#ddeeff', label: SPOOF })).not.toMatch(CONTROLS);
  });
});
