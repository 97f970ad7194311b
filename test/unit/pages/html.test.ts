import { describe, expect, it } from 'vitest';
import { escapeHtml, html, httpUrl, link, markSafe } from '../../../functions/domain/pages/html';

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
});
