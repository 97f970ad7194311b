import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, parseDate, timeElement } from '../../../functions/domain/pages/dates';
import { paragraphs, summarise } from '../../../functions/domain/pages/text';

describe('dates', () => {
  it('formats dates for people in UTC and keeps the exact instant for machines', () => {
    expect(formatDate(parseDate('2026-03-12T23:30:00-05:00')!)).toBe('13 March 2026');
    expect(formatDateTime(parseDate('2026-04-02T14:05:59Z')!)).toBe('2 April 2026 at 14:05 UTC');
    expect(timeElement('2026-03-12T09:30:00Z').markup).toBe('<time datetime="2026-03-12T09:30:00.000Z">12 March 2026</time>');
  });

  it('shows text that is not a date as escaped text instead of throwing', () => {
    expect(parseDate('soon')).toBeUndefined();
    expect(timeElement('<b>soon</b>').markup).toBe('&lt;b&gt;soon&lt;/b&gt;');
  });
});

describe('text', () => {
  it('splits free text into escaped paragraphs at blank lines', () => {
    expect(paragraphs('One\nline two\n\n \n<b>Two</b>\r\n\r\nThree ').markup).toBe('<p>One\nline two</p><p>&lt;b&gt;Two&lt;/b&gt;</p><p>Three</p>');
    expect(paragraphs('  ').markup).toBe('');
  });

  it('summarises to one line, cut at a word, never splitting a character', () => {
    expect(summarise('Short\n\ntext', 50)).toBe('Short text');
    expect(summarise('The quick brown fox jumps over the lazy dog', 20)).toBe('The quick brown fox…');
    expect(summarise('🌱'.repeat(30), 10)).toBe(`${'🌱'.repeat(9)}…`);
  });
});
