// What an import file must look like (checked at upload, a 4xx naming the column or row), how each row
// becomes an award request (checked by the worker, reported by row), and what is kept of an email.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors';
import { randomIdPattern } from '../../functions/domain/ids';
import {
  errorReportCsv,
  importAwardId,
  maskEmail,
  MAX_IMPORT_ROWS,
  readImportFile,
  readRow,
  type ImportColumn,
} from '../../functions/domain/imports';
import { AWARD_ID_LENGTH } from '../../functions/domain/awards';

const read = (text: string | Buffer) => readImportFile(typeof text === 'string' ? Buffer.from(text) : text);
const refusal = (text: string | Buffer) => {
  try {
    read(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { kind: (error as DomainError).kind, fields: (error as DomainError).fields, message: (error as DomainError).message };
  }
  throw new Error('expected the file to be refused');
};

describe('readImportFile', () => {
  it('reads the header in any case and order, and leaves blank rows out', () => {
    const file = read('Narrative,EMAIL,issuedon\nWell done,a@x.org,2026-01-01\n,,\n\nb@x.org has no narrative?,b@x.org,\n');
    expect(file.columns).toEqual(['narrative', 'email', 'issuedOn']);
    expect(file.rows.map((r) => r.row)).toEqual([2, 5]);
  });

  it('names each wrong column of the header', () => {
    expect(refusal('emial,narrative,narrative,\nx@y.org,a,b,c\n')).toEqual({
      kind: 'invalid',
      message: expect.stringContaining('body.emial is not a known column'),
      fields: [
        { in: 'body', field: 'emial', detail: 'is not a known column; the columns are email, narrative, issuedOn, evidenceUrl, evidenceName, evidenceNarrative' },
        { in: 'body', field: 'narrative', detail: 'appears twice in the header row' },
        { in: 'body', field: 'column 4', detail: 'has no name in the header row' },
        { in: 'body', field: 'email', detail: 'column is required: the first row must be a header naming the columns' },
      ],
    });
  });

  it('refuses a file without a header row (the first learner is not a column)', () => {
    expect(refusal('a@x.org\nb@x.org\n').fields).toEqual([
      expect.objectContaining({ field: 'a@x.org', detail: expect.stringMatching(/^is not a known column/) }),
      expect.objectContaining({ field: 'email' }),
    ]);
  });

  it('refuses an empty file, and a header with no learners', () => {
    expect(refusal('').fields).toEqual([{ in: 'body', field: 'row 1', detail: expect.stringMatching(/^must be a header row/) }]);
    expect(refusal('email\n\n').fields).toEqual([{ in: 'body', field: '', detail: 'has a header row but no learners' }]);
  });

  it('names the row of a quote that is never closed', () => {
    expect(refusal('email,narrative\na@x.org,fine\nb@x.org,"oops\n').fields).toEqual([{ in: 'body', field: 'row 3', detail: 'a quoted field is never closed' }]);
  });

  it('refuses text that is not UTF-8 (a spreadsheet saved as Latin-1)', () => {
    expect(refusal(Buffer.from('email,narrative\na@x.org,Caf\xe9\n', 'latin1')).fields).toEqual([
      { in: 'body', field: '', detail: 'is not UTF-8 text: save the file as "CSV UTF-8"' },
    ]);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows as too large`, () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `l${i}@x.org`).join('\n');
    expect(refusal(`email\n${rows}\n`)).toMatchObject({ kind: 'too-large', message: expect.stringContaining(`at most ${MAX_IMPORT_ROWS}`) });
  });
});

describe('readRow', () => {
  const columns: ImportColumn[] = ['email', 'narrative', 'issuedOn', 'evidenceUrl', 'evidenceName', 'evidenceNarrative'];
  const row = (...fields: string[]) => readRow(columns, { row: 7, fields });

  it('makes the request a single award takes, trimming cells and leaving empty ones out', () => {
    expect(row(' a@x.org ', '', '', '', '', '')).toEqual({ ok: true, email: 'a@x.org', request: { recipient: { email: 'a@x.org' }, evidence: [] } });
    expect(row('a@x.org', 'Led the session', '2026-03-01T10:00:00+01:00', 'https://x.org/p', 'Project', '')).toEqual({
      ok: true,
      email: 'a@x.org',
      request: {
        recipient: { email: 'a@x.org' },
        narrative: 'Led the session',
        issuedOn: '2026-03-01T10:00:00+01:00',
        evidence: [{ url: 'https://x.org/p', name: 'Project' }],
      },
    });
  });

  it('takes a date alone, as spreadsheets write dates, as midnight UTC', () => {
    expect(row('a@x.org', '', '2026-03-01')).toMatchObject({ ok: true, request: { issuedOn: '2026-03-01T00:00:00Z' } });
  });

  it('has a short row end in empty cells', () => {
    expect(readRow(columns, { row: 3, fields: ['a@x.org'] })).toMatchObject({ ok: true });
  });

  it.each([
    ['no email', ['', 'x'], [{ columns: ['email'], detail: 'is empty' }]],
    ['a bad email', ['someone at x.org'], [{ columns: ['email'], detail: 'is not an email address' }]],
    ['a date in the future', ['a@x.org', '', '2999-01-01'], [{ columns: ['issuedOn'], detail: 'must not be in the future' }]],
    ['a date that is no date', ['a@x.org', '', '1 March'], [{ columns: ['issuedOn'], detail: expect.any(String) }]],
    ['evidence without a url or narrative', ['a@x.org', '', '', '', 'A name only', ''], [{ columns: ['evidenceUrl', 'evidenceNarrative'], detail: 'needs a url, a narrative, or both' }]],
    ['an evidence url that is not http(s)', ['a@x.org', '', '', 'ftp://x.org/file'], [{ columns: ['evidenceUrl'], detail: expect.any(String) }]],
    ['more cells than columns', ['a@x.org', '', '', '', '', '', 'extra'], [{ columns: [], detail: 'has 7 cells but the header names 6 columns' }]],
  ])('reports %s by column', (_case, cells, problems) => {
    expect(row(...cells)).toEqual({ ok: false, email: cells[0]!.trim(), problems });
  });

  it('ignores extra cells that are empty (spreadsheets pad rows)', () => {
    expect(row('a@x.org', '', '', '', '', '', '', '')).toMatchObject({ ok: true });
  });
});

describe('maskEmail', () => {
  it.each([
    ['jane.doe@school.example.org', 'j***@s***.org'],
    ['a@b.co', 'a***@b***.co'],
    ['no-at-sign', 'n***'],
    ['x@localhost', 'x***@***'],
    ['  ', ''],
  ])('masks %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});

describe('importAwardId', () => {
  it('is an award id, the same for the same job and row, and different for any other', () => {
    const id = importAwardId(Buffer.from('secret'), 'job1', 2);
    expect(id).toMatch(randomIdPattern(AWARD_ID_LENGTH));
    expect(importAwardId(Buffer.from('secret'), 'job1', 2)).toBe(id);
    expect(new Set([id, importAwardId(Buffer.from('secret'), 'job1', 3), importAwardId(Buffer.from('secret'), 'job2', 2), importAwardId(Buffer.from('other'), 'job1', 2)]).size).toBe(4);
  });
});

describe('errorReportCsv', () => {
  it('lists rows in file order, under a header', () => {
    expect(
      errorReportCsv([
        { row: 9, status: 'duplicate', email: 'a***@x***.org', columns: [], detail: 'this learner already holds this badge' },
        { row: 3, status: 'invalid', email: 'b***', columns: ['email'], detail: 'email is not an email address' },
      ]),
    ).toBe('row,status,email,columns,detail\r\n3,invalid,b***,email,email is not an email address\r\n9,duplicate,a***@x***.org,,this learner already holds this badge\r\n');
  });
});
