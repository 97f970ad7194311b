// RFC 4180 CSV as spreadsheets write it, and the error report's CSV as spreadsheets read it.
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, isBlank, parseCsv, toCsv } from '../../functions/domain/csv';

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe('parseCsv', () => {
  it.each([
    ['LF', 'a,b\n1,2\n'],
    ['CRLF', 'a,b\r\n1,2\r\n'],
    ['CR (old Mac spreadsheets)', 'a,b\r1,2\r'],
    ['no final line break', 'a,b\n1,2'],
  ])('reads records ended by %s', (_name, text) => {
    expect(fields(text)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads quoted fields holding delimiters, line breaks and doubled quotes', () => {
    expect(fields('"a,b","line 1\r\nline 2","say ""hi""",""\n')).toEqual([['a,b', 'line 1\r\nline 2', 'say "hi"', '']]);
  });

  it('numbers records as a spreadsheet numbers rows: a quoted line break stays in its row, a blank line is a row', () => {
    const records = parseCsv('email,narrative\n"a@x.org","two\nlines"\n\nb@x.org,\n');
    expect(records.map((r) => [r.row, r.fields])).toEqual([
      [1, ['email', 'narrative']],
      [2, ['a@x.org', 'two\nlines']],
      [3, ['']],
      [4, ['b@x.org', '']],
    ]);
    expect(records.map(isBlank)).toEqual([false, false, true, false]);
    expect(isBlank({ row: 9, fields: ['', ' ', ''] })).toBe(true);
  });

  it('drops a UTF-8 byte order mark (Excel writes one)', () => {
    expect(fields('\ufeffemail\nx@y.org\n')).toEqual([['email'], ['x@y.org']]);
  });

  it('keeps empty fields, a trailing delimiter included', () => {
    expect(fields(',a,,\n')).toEqual([['', 'a', '', '']]);
    expect(fields('a,')).toEqual([['a', '']]);
  });

  it('keeps a quote inside an unquoted field as it is', () => {
    expect(fields('O"Neil,x\n')).toEqual([['O"Neil', 'x']]);
  });

  it('names the row where a quoted field is never closed', () => {
    const error = (() => {
      try {
        parseCsv('a\nb\n"c\nd\n');
      } catch (e) {
        return e as CsvSyntaxError;
      }
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect([error?.row, error?.message]).toEqual([3, 'a quoted field is never closed']);
  });

  it('refuses text after a closing quote', () => {
    expect(() => parseCsv('a\n"b"c,d\n')).toThrow(expect.objectContaining({ row: 2, message: expect.stringMatching(/after a closing quote/) }));
  });

  it('reads an empty text as no records', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\ufeff')).toEqual([]);
  });

  it('reads semicolon and tab separated files (spreadsheets in comma-decimal locales)', () => {
    expect(fields('email;narrative\nx@y.org;Well, done\n')).toEqual([
      ['email', 'narrative'],
      ['x@y.org', 'Well, done'],
    ]);
    expect(fields('email\tnarrative\nx@y.org\tok\n')).toEqual([
      ['email', 'narrative'],
      ['x@y.org', 'ok'],
    ]);
  });
});

describe('detectDelimiter', () => {
  it('takes the delimiter the header row holds most of, outside quotes; a comma by default', () => {
    expect(detectDelimiter('email\nx;y;z\n')).toBe(',');
    expect(detectDelimiter('"a;b;c",d\n')).toBe(',');
    expect(detectDelimiter('a;b,c;d\n')).toBe(';');
    expect(detectDelimiter('\ufeffa\tb\n')).toBe('\t');
  });
});

describe('toCsv', () => {
  it('writes CRLF records, quoting only fields that need it', () => {
    expect(toCsv([['row', 'detail'], ['2', 'a, b'], ['3', 'say "x"'], ['4', 'two\nlines']])).toBe(
      'row,detail\r\n2,"a, b"\r\n3,"say ""x"""\r\n4,"two\nlines"\r\n',
    );
  });

  it('makes fields that a spreadsheet would run as formulas plain text', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)', 'ok']])).toBe('"\'=HYPERLINK(""x"")",\'+1,\'-1,\'@SUM(A1),ok\r\n');
  });

  it('round-trips through parseCsv', () => {
    // A fixed pseudo-random sample of awkward fields.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', 'Z', '7', ' ', ',', '"', '\n', '\r\n', 'é', '😀', ';'];
    const field = () => Array.from({ length: Math.floor(random() * 8) + 1 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const rows = Array.from({ length: 200 }, () => Array.from({ length: 4 }, () => `x${field()}`));
    expect(parseCsv(toCsv(rows), ',').map((r) => r.fields)).toEqual(rows);
  });
});
