import { describe, expect, it } from 'vitest';
import { prefersHtml } from '../../functions/http/negotiate';

describe('content negotiation', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', true], // a browser
    ['*/*', false], // curl
    [undefined, false],
    ['application/ld+json', false],
    ['application/json, text/html;q=0.5', false],
    ['text/html;q=0.9, application/json;q=0.8', true],
    ['text/html;q=0', false],
  ])('Accept %s → HTML %s', (accept, html) => {
    expect(prefersHtml(accept)).toBe(html);
  });
});
