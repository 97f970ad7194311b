// CSV as RFC 4180 defines it and spreadsheets write it: fields separated by commas (or, from
// spreadsheets in locales whose decimal separator is a comma, semicolons or tabs), records by CRLF, LF
// or CR, and quoted fields that may hold separators, line breaks and doubled quotes. Pure, and small
// enough that the import route's bundle needs no CSV library.
import { invalid } from './errors';

export class CsvSyntaxError extends Error {
  /** The record (1-based, as a spreadsheet numbers its rows) where the problem starts. */
  readonly row: number;

  constructor(row: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.row = row;
  }
}

export interface CsvRecord {
  /** 1-based, counting every record including the header and blank lines: the row a spreadsheet shows. */
  row: number;
  fields: string[];
}

const CANDIDATE_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CANDIDATE_DELIMITERS)[number];

const BOM = '\ufeff';

/** The delimiter of the first line (outside quotes): the candidate it holds most of, a comma if none. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text.startsWith(BOM) ? text.slice(1) : text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char as CsvDelimiter)) counts.set(char as CsvDelimiter, counts.get(char as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/**
 * Every record of `text`. A blank line is a record with one empty field (callers skip it, but it keeps
 * the row numbers a spreadsheet shows). A quote inside an unquoted field is kept as it is (hand-written
 * files: `O"Neil`); text after a closing quote, or a quote never closed, is a CsvSyntaxError naming the
 * row, because past it every field would be misread.
 */
export function parseCsv(text: string, delimiter: CsvDelimiter = detectDelimiter(text)): CsvRecord[] {
  const records: CsvRecord[] = [];
  const length = text.length;
  let i = text.startsWith(BOM) ? 1 : 0;
  let row = 1;
  let fields: string[] = [];
  let atRecordStart = true;

  while (i <= length) {
    if (i === length) {
      // A final line break ends the last record; nothing follows it.
      if (!atRecordStart) records.push({ row, fields });
      break;
    }
    atRecordStart = false;
    let field: string;
    if (text[i] === '"') {
      const opened = row;
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) throw new CsvSyntaxError(opened, 'a quoted field is never closed');
        value += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      field = value;
      const next = text[i];
      if (i < length && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(opened, 'unexpected text after a closing quote (a quote inside a quoted field must be doubled: "")');
      }
    } else {
      let end = i;
      while (end < length) {
        const char = text[end];
        if (char === delimiter || char === '\n' || char === '\r') break;
        end++;
      }
      field = text.slice(i, end);
      i = end;
    }
    fields.push(field);
    if (i === length) continue;
    const char = text[i];
    if (char === delimiter) {
      i++;
      // A delimiter at the very end still opens one more (empty) field.
      if (i === length) fields.push('');
      continue;
    }
    // A line break: \r\n, \n or \r.
    i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
    records.push({ row, fields });
    row++;
    fields = [];
    atRecordStart = true;
  }
  return records;
}

/**
 * Every record of an uploaded file: UTF-8 text (a CsvSyntaxError naming the row of the first byte that
 * is not, so the uploader can find it), then parsed as `parseCsv` does.
 */
export function decodeCsv(bytes: Uint8Array): CsvRecord[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CsvSyntaxError(rowOfInvalidUtf8(bytes), 'is not UTF-8 text: save the file as "CSV UTF-8"');
  }
  return parseCsv(text);
}

/**
 * The row (as a spreadsheet numbers it) holding a file's first byte that is not UTF-8. A line feed byte
 * never occurs inside a multi-byte character, so the lines before the first one that fails to decode
 * are text, and the CSV records they (and the good start of that line) hold say which row it is on,
 * counting quoted line breaks as a spreadsheet does.
 */
function rowOfInvalidUtf8(bytes: Uint8Array): number {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    const line = bytes.subarray(start, end === -1 ? bytes.length : end + 1);
    try {
      strict.decode(line);
    } catch {
      const lossy = new TextDecoder('utf-8').decode(line);
      const before = new TextDecoder('utf-8').decode(bytes.subarray(0, start)) + lossy.slice(0, lossy.indexOf('\ufffd'));
      try {
        const records = parseCsv(`${before}x`);
        return records.at(-1)!.row;
      } catch (error) {
        // Inside a quoted field that the bad byte's line never closes: the row it opened on.
        if (error instanceof CsvSyntaxError) return error.row;
        throw error;
      }
    }
    if (end === -1) return 1; // unreachable: the whole file decoded after all
    start = end + 1;
  }
}

/** A record with no content: a blank line, or only empty fields (spreadsheets pad rows with `,,,`). */
export const isBlank = (record: CsvRecord) => record.fields.every((field) => field.trim() === '');

/**
 * An uploaded table (UTF-8 CSV): its header row and the rows that are not blank, or a 400 naming what
 * is wrong (the row that does not parse, a missing header row, no rows). `expected` says in those
 * answers which columns the header should name and what the rows hold.
 */
export function readCsvTable(bytes: Uint8Array, expected: { columns: readonly string[]; rows: string }): { header: CsvRecord; rows: CsvRecord[] } {
  let records: CsvRecord[];
  try {
    records = decodeCsv(bytes);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw invalid([{ in: 'body', field: `row ${error.row}`, detail: error.message }]);
  }
  const [header, ...rest] = records;
  if (!header || isBlank(header)) throw invalid([{ in: 'body', field: 'row 1', detail: `must be a header row naming the columns (${expected.columns.join(', ')})` }]);
  const rows = rest.filter((record) => !isBlank(record));
  if (rows.length === 0) throw invalid([{ in: 'body', field: '', detail: `has a header row but no ${expected.rows}` }]);
  return { header, rows };
}

/**
 * A field that a spreadsheet would run as a formula (OWASP "CSV injection") gets a leading apostrophe,
 * which spreadsheets show as text.
 */
const neutralise = (field: string) => (/^[=+\-@\t\r]/.test(field) ? `'${field}` : field);

/** RFC 4180 text: CRLF line ends, fields quoted when they hold a comma, quote or line break. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((fields) =>
      fields
        .map(neutralise)
        .map((field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field))
        .join(','),
    )
    .map((line) => `${line}\r\n`)
    .join('');
}
