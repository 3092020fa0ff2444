import Papa from 'papaparse';
import { decodeBytes } from './decode';
import type { CsvError, CsvReadResult, CsvRow, CsvTable, DecodedText } from './types';

/** Excel stops at 16,384 columns; a "CSV" wider than that is not a spreadsheet anyone saved. */
export const MAX_COLUMNS = 16_384;
/** 100 MB: far above a 100,000-row Mailbox Report (about 15 MB), well below what a browser tab can hold twice. */
export const MAX_BYTES = 100 * 1024 * 1024;

type Delimiter = CsvTable['delimiter'];

/**
 * Parse a decoded CSV file into header and rows, keeping the line each record starts on
 * (header = line 1 when the file starts with it). Never throws: unusable input comes back as a CsvError.
 */
export function readCsv(decoded: DecodedText, fileName: string): CsvReadResult {
  try {
    return readUnsafe(decoded, fileName);
  } catch (error) {
    return fail(
      fileName,
      'unreadable',
      `CSV Guard could not read ${fileName}: ${String(error)}. Save it again from Excel as "CSV UTF-8" and try again.`,
    );
  }
}

/** Bytes straight from a file: spots workbooks renamed to .csv before decoding. Never throws. */
export function readCsvBytes(bytes: Uint8Array, fileName: string): CsvReadResult {
  if (bytes.length > MAX_BYTES) {
    return fail(
      fileName,
      'too-large',
      `${fileName} is ${(bytes.length / 1024 / 1024).toFixed(0)} MB, more than CSV Guard can check (${MAX_BYTES / 1024 / 1024} MB). Split it into smaller files.`,
    );
  }
  const workbook = workbookKind(bytes);
  if (workbook) return fail(fileName, 'binary', notCsvMessage(fileName, workbook));
  try {
    return readCsv(decodeBytes(bytes), fileName);
  } catch (error) {
    return fail(fileName, 'unreadable', `CSV Guard could not read ${fileName}: ${String(error)}.`);
  }
}

function readUnsafe(decoded: DecodedText, fileName: string): CsvReadResult {
  let text = decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
  // Excel's "sep=;" first line names the delimiter: honoured, and the rows keep their real line numbers.
  const sepLine = SEP_LINE.exec(text.slice(0, 16));
  let separatorLine: string | undefined;
  let declared: Delimiter | undefined;
  if (sepLine) {
    separatorLine = sepLine[0].replace(/[\r\n]+$/, '');
    const ch = sepLine[1]!;
    if (ch !== ',' && ch !== ';' && ch !== '\t') {
      return fail(
        fileName,
        'unreadable',
        `The first line of ${fileName}, "${separatorLine}", says its columns are separated by "${ch}", which neither CSV Guard nor the portal reads. Save the file from Excel as "CSV UTF-8 (Comma delimited)" and check it again.`,
        1,
      );
    }
    declared = ch;
    text = text.slice(sepLine[0].length);
  }
  const firstLine = separatorLine === undefined ? 1 : 2;
  if (text.length > MAX_BYTES) {
    return fail(fileName, 'too-large', `${fileName} is too large for CSV Guard to check. Split it into smaller files.`);
  }
  if (text.trim() === '') return fail(fileName, 'empty', `${fileName} is empty. Choose the CSV file that holds your users.`);

  const binary = binaryKind(text);
  if (binary) return fail(fileName, 'binary', notCsvMessage(fileName, binary));

  const endings = lineEndings(text);
  if (endings.mixed) text = text.replace(/\r\n?/g, '\n'); // one kind of line break, so every record splits where Excel shows it
  const newline = endings.mixed ? '\n' : endings.newline;
  const breakChar = newline === '\r' ? '\r' : '\n';
  const delimiter = declared ?? detectDelimiter(text, newline);

  const parsed = Papa.parse<string[]>(text, { delimiter, newline, quoteChar: '"', skipEmptyLines: false });
  const data = parsed.data;
  const hasQuotes = text.indexOf('"') !== -1;

  // Start line of every parsed record: one line each, plus any line breaks inside quoted values.
  const starts = new Array<number>(data.length);
  let line = firstLine;
  for (let i = 0; i < data.length; i++) {
    starts[i] = line;
    line += 1;
    if (hasQuotes) for (const value of data[i]!) if (value.indexOf(breakChar) !== -1) line += countChar(value, breakChar);
  }

  const notes: string[] = [];
  const missingQuote = parsed.errors.find((e) => e.code === 'MissingQuotes');
  const headerIndex = data.findIndex((values) => !isBlank(values));
  if (headerIndex === -1)
    return fail(fileName, 'empty', `${fileName} has no values in it, only blank lines. Choose the CSV file that holds your users.`);
  const rawHeader = data[headerIndex]!;
  const headerLine = starts[headerIndex]!;

  if (missingQuote && missingQuote.row !== undefined) {
    const rowIndex = Math.min(missingQuote.row, data.length - 1);
    const values = data[rowIndex] ?? [];
    const columnIndex = Math.max(0, values.length - 1);
    const column = rowIndex === headerIndex ? undefined : rawHeader[columnIndex];
    const at = starts[rowIndex] ?? headerLine;
    return fail(
      fileName,
      'unterminated-quote',
      `Line ${at} of ${fileName} has a quote mark (") ${column ? `in the ${column} column ` : ''}that is never closed, so everything after it would be read as one value. Close or remove the quote mark on line ${at}, then save the file again.`,
      at,
      column,
    );
  }

  // Trailing columns with neither a heading nor any value are dropped (Excel leaves them behind);
  // an unheaded column that holds values is kept, and the header check reports it.
  let width = rawHeader.length;
  while (width > 1 && (rawHeader[width - 1] ?? '').trim() === '') width--;
  for (let i = headerIndex + 1; i < data.length; i++) {
    const values = data[i]!;
    if (values.length <= width) continue;
    if (values.length > rawHeader.length && !isBlank(values)) {
      // More values than headings, even empty ones: a value holding an unquoted delimiter has shifted
      // every value after it one column to the right ("Nurse, Band 5" moves the mobile number).
      const at = starts[i]!;
      const sep = delimiter === '\t' ? 'tab' : delimiter === ';' ? 'semicolon' : 'comma';
      const last = lastHeading(rawHeader);
      return fail(
        fileName,
        'ragged',
        `Line ${at} of ${fileName} has ${values.length} values but the heading row has ${rawHeader.length} columns, so its values cannot be matched to their columns: a value on line ${at} probably contains a ${sep} without quotes round it, and every value after it has moved one column to the right${last ? `, up to the last column (${last})` : ''}. Put that value in quotes (or save the file again from Excel), then check again.`,
        at,
        last,
      );
    }
    let lastFilled = values.length - 1;
    while (lastFilled >= width && (values[lastFilled] ?? '').trim() === '') lastFilled--;
    if (lastFilled < width) continue;
    width = lastFilled + 1;
  }
  if (width > MAX_COLUMNS) {
    return fail(
      fileName,
      'too-large',
      `The heading row (line ${headerLine}) of ${fileName} has ${width.toLocaleString('en-GB')} columns, more than Excel can hold (${MAX_COLUMNS.toLocaleString('en-GB')}). This is not a user file: choose the right file.`,
      headerLine,
    );
  }
  const header = width === rawHeader.length ? rawHeader : rawHeader.slice(0, width);

  const looksLikeData = dataLikeHeaderCell(header);
  if (looksLikeData !== undefined) {
    return fail(
      fileName,
      'no-header',
      `Line ${headerLine} of ${fileName} looks like a user ("${truncate(looksLikeData, 60)}"), not column headings. Add the heading row from the portal's sample file as the first line.`,
      headerLine,
    );
  }

  const rows: CsvRow[] = [];
  let blankLines = 0;
  for (let i = headerIndex + 1; i < data.length; i++) {
    let values = data[i]!;
    if (isBlank(values)) {
      if (!(i === data.length - 1 && values.length === 1)) blankLines++; // the last line break of the file is not a blank line
      continue;
    }
    if (values.length > width)
      values = values.slice(0, width); // only empty values beyond the width (checked above)
    else if (values.length < width) values = values.concat(new Array<string>(width - values.length).fill(''));
    rows.push({ line: starts[i]!, values });
  }

  if (decoded.encoding === 'windows-1252') {
    notes.push(
      `${fileName} is not saved as UTF-8, so it was read as Windows-1252 (what Excel's ordinary "CSV" format uses). Check that accented names such as Siân look right; to be sure, save it from Excel as "CSV UTF-8".`,
    );
  } else if (decoded.encoding === 'utf-16le' || decoded.encoding === 'utf-16be') {
    notes.push(
      `${fileName} is saved as Unicode text (UTF-16); CSV Guard read it, but the portal's sample file is a plain CSV. Save it from Excel as "CSV UTF-8" before uploading.`,
    );
  }
  if (delimiter !== ',') {
    notes.push(
      `The columns in ${fileName} are separated by ${delimiter === ';' ? 'semicolons' : 'tabs'}, not commas. CSV Guard read it, but the portal's sample file uses commas: save it as "CSV UTF-8 (Comma delimited)" before uploading.`,
    );
  }
  if (blankLines > 0) notes.push(`${blankLines.toLocaleString('en-GB')} blank line${blankLines === 1 ? ' was' : 's were'} ignored.`);
  const strayQuote = parsed.errors.find((e) => e.code === 'InvalidQuotes');
  if (strayQuote && strayQuote.row !== undefined) {
    notes.push(`Line ${starts[strayQuote.row] ?? '?'} has a quote mark in an unexpected place; check that its values are in the right columns.`);
  }

  const table: CsvTable = {
    fileName,
    encoding: decoded.encoding,
    delimiter,
    lineEnding: endings.lineEnding,
    header,
    rows,
    notes,
    headerLine,
  };
  if (separatorLine !== undefined) table.separatorLine = separatorLine;
  return { ok: true, table, source: { text, firstLine, lineBreak: breakChar } };
}

function fail(fileName: string, code: CsvError['code'], message: string, line?: number, column?: string): CsvReadResult {
  const error: CsvError = { fileName, code, message };
  if (line !== undefined) error.line = line;
  if (column !== undefined) error.column = column;
  return { ok: false, error };
}

/** Excel's separator line: "sep=;" alone on the first line. */
const SEP_LINE = /^sep=([^\r\n])[ ]*(?:\r\n|\n|\r|$)/i;

/** The last non-empty heading, as written. */
function lastHeading(header: readonly string[]): string | undefined {
  for (let i = header.length - 1; i >= 0; i--) if ((header[i] ?? '').trim() !== '') return header[i]!.trim();
  return undefined;
}

function isBlank(values: readonly string[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === '') continue;
    const c = v.charCodeAt(0);
    if (c > 32 && c !== 160) return false; // fast path: starts with a visible character
    if (v.trim() !== '') return false;
  }
  return true;
}

function countChar(value: string, ch: string): number {
  let n = 0;
  for (let i = value.indexOf(ch); i !== -1; i = value.indexOf(ch, i + 1)) n++;
  return n;
}

interface LineEndings {
  newline: '\r\n' | '\n' | '\r';
  lineEnding: CsvTable['lineEnding'];
  mixed: boolean;
}

/** Which line breaks the file uses; "mixed" when more than one kind appears (e.g. rows edited in two tools). */
function lineEndings(text: string): LineEndings {
  let crlf = 0;
  let loneCr = 0;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) === 10) crlf++;
    else loneCr++;
  }
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lf++;
  const bareLf = lf - crlf;
  const kinds = (crlf > 0 ? 1 : 0) + (bareLf > 0 ? 1 : 0) + (loneCr > 0 ? 1 : 0);
  const newline = crlf > 0 ? '\r\n' : loneCr > 0 && bareLf === 0 ? '\r' : '\n';
  // Write back with the break that ends the first line (the heading row): values may hold others.
  const firstLf = text.indexOf('\n');
  const firstCr = text.indexOf('\r');
  const lineEnding = firstCr !== -1 && (firstLf === -1 || firstCr < firstLf) ? '\r\n' : '\n';
  return { newline, lineEnding, mixed: kinds > 1 };
}

/** Comma, semicolon or tab: whichever appears most (outside quotes) in the first non-blank line. */
function detectDelimiter(text: string, newline: string): Delimiter {
  let start = 0;
  let end = text.indexOf(newline);
  while (end !== -1 && text.slice(start, end).trim() === '') {
    start = end + newline.length;
    end = text.indexOf(newline, start);
  }
  const first = text.slice(start, end === -1 ? Math.min(text.length, start + 1_000_000) : end);
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

type NotCsv = 'xlsx' | 'xls' | 'binary';

function workbookKind(bytes: Uint8Array): NotCsv | undefined {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  return undefined;
}

/** Control characters other than tab, line feed, form feed and carriage return, and U+FFFD (bytes that were not text). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\x01-\x08\x0B\x0E-\x1F\uFFFD]/g;

/**
 * Text with NULs or many control characters came from a binary file, whatever its name says.
 * Searched with `includes` and a regular expression, not a loop over the characters: this runs once per
 * check, often in a worker just started, where a loop over 64 K characters runs unoptimised (in fresh
 * Chromium pages, a median of 2.6 ms against 0.3 ms).
 */
function binaryKind(text: string): NotCsv | undefined {
  if (text.startsWith('PK\u0003\u0004')) return 'xlsx';
  if (text.startsWith('\u00d0\u00cf\u0011\u00e0')) return 'xls';
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  if (sample.includes('\u0000')) return 'binary';
  const limit = Math.max(2, sample.length * 0.01);
  let control = 0;
  CONTROL.lastIndex = 0;
  while (CONTROL.exec(sample) !== null) if (++control > limit) return 'binary';
  return undefined;
}

function notCsvMessage(fileName: string, kind: NotCsv): string {
  if (kind === 'xlsx' || kind === 'xls') {
    return `${fileName} is an Excel workbook${kind === 'xls' ? ' (.xls)' : ' (.xlsx)'}, not a CSV file, even if its name ends in .csv. Open it in Excel and choose File → Save As → "CSV UTF-8 (Comma delimited)".`;
  }
  return `${fileName} is not a text file (it looks like a program, picture or other binary file). Choose the CSV file that holds your users.`;
}

/** A heading row never holds an email address or only numbers: if it does, the file has no heading row. */
function dataLikeHeaderCell(header: readonly string[]): string | undefined {
  let numeric = 0;
  let filled = 0;
  for (const cell of header) {
    const v = cell.trim();
    if (!v) continue;
    filled++;
    if (/^[^\s@,;]+@[^\s@,;]+\.[a-z]{2,}$/i.test(v)) return v;
    if (/^[+\d][\d\s/.:-]*$/.test(v)) numeric++;
  }
  if (filled >= 2 && numeric * 2 > filled) return header.find((c) => /^[+\d][\d\s/.:-]*$/.test(c.trim())) ?? header[0] ?? '';
  return undefined;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
