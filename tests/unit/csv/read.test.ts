import { describe, expect, it } from 'vitest';
import { readCsv, readCsvBytes } from '../../../lib/csv/read';
import type { CsvTable } from '../../../lib/csv/types';

function ok(text: string, fileName = 'users.csv'): CsvTable {
  const result = readCsv({ text, encoding: 'utf-8' }, fileName);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return result.table;
}
function err(text: string, fileName = 'users.csv') {
  const result = readCsv({ text, encoding: 'utf-8' }, fileName);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('readCsv', () => {
  it('keeps the line each record starts on, counting blank lines and line breaks inside quoted values', () => {
    const t = ok('ID,Name,Note\r\n1,Ann,x\r\n\r\n2,"Bob\r\nSmith",y\r\n3,Cat,"a\nb\nc"\r\n4,Dee,z\r\n');
    expect(t.rows.map((r) => [r.line, r.values[0]])).toEqual([
      [2, '1'],
      [4, '2'],
      [6, '3'],
      [9, '4'],
    ]);
    expect(t.lineEnding).toBe('\r\n');
  });

  it('keeps line breaks inside values as they are when the file uses one kind of line ending', () => {
    const t = ok('ID,Name\r\n2,"Bob\r\nSmith"\r\n');
    expect(t.rows[0]!.values[1]).toBe('Bob\r\nSmith');
  });

  it("reads Excel's usual mix (CRLF between rows, LF inside cells) with the cell's LF kept", () => {
    const t = ok('ID,Address\r\n1,"1 High St\nLeeds"\r\n2,x\r\n');
    expect(t.rows.map((r) => [r.line, r.values[1]])).toEqual([
      [2, '1 High St\nLeeds'],
      [4, 'x'],
    ]);
  });

  it('reads quoted commas, doubled quotes and trailing empty columns', () => {
    const t = ok('ID,Name,Title,,\n1,"Smith, Ann","She said ""hi""",,\n');
    expect(t.header).toEqual(['ID', 'Name', 'Title']);
    expect(t.rows[0]!.values).toEqual(['1', 'Smith, Ann', 'She said "hi"']);
  });

  it('keeps a column with values but no heading, so the header check can name it', () => {
    const t = ok('ID,Name,,\n1,Ann,extra,\n2,Bob,,\n');
    expect(t.header).toEqual(['ID', 'Name', '']);
    expect(t.rows.map((r) => r.values)).toEqual([
      ['1', 'Ann', 'extra'],
      ['2', 'Bob', ''],
    ]);
  });

  it('pads short rows and ignores rows that are only delimiters (Excel writes them for formatted blank rows)', () => {
    const t = ok('A,B,C\n1\n,,\n2,3,4\n');
    expect(t.rows.map((r) => r.values)).toEqual([
      ['1', '', ''],
      ['2', '3', '4'],
    ]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(t.notes.join(' ')).toMatch(/1 blank line was ignored/);
  });

  it('detects semicolons and tabs, and says the portal expects commas', () => {
    const semi = ok("ID;Name;Mobile\n1;O'Connor, Siân;07700 900123\n");
    expect(semi.delimiter).toBe(';');
    expect(semi.rows[0]!.values).toEqual(['1', "O'Connor, Siân", '07700 900123']);
    expect(semi.notes.join(' ')).toMatch(/semicolons/);
    expect(ok('ID\tName\n1\tAnn\n').delimiter).toBe('\t');
    expect(ok('ID,Name\n1,Ann\n').delimiter).toBe(',');
  });

  it('splits every row where the file has a line break, even when line endings are mixed', () => {
    const t = ok('ID,Name\r\n1,Ann\n2,Bob\r\n3,Cat\r4,Dee\r\n');
    expect(t.rows.map((r) => [r.line, r.values[1]])).toEqual([
      [2, 'Ann'],
      [3, 'Bob'],
      [4, 'Cat'],
      [5, 'Dee'],
    ]);
    expect(t.lineEnding).toBe('\r\n');
  });

  it('counts the header line when the file starts with blank lines', () => {
    const t = ok('\n\nID,Name\n1,Ann\n');
    expect(t.headerLine).toBe(3);
    expect(t.rows[0]!.line).toBe(4);
  });

  it('reports an empty file, and a file of blank lines, by name', () => {
    expect(err('', 'users.csv')).toMatchObject({ code: 'empty', fileName: 'users.csv', message: expect.stringContaining('users.csv is empty') });
    expect(err('\r\n\r\n ,, \r\n')).toMatchObject({ code: 'empty' });
  });

  it('reports an unterminated quote with the line and column where it starts', () => {
    const e = err('ID,Name,Job\n1,Ann,Nurse\n2,"Bob,Porter\n3,Cat,Nurse\n');
    expect(e).toMatchObject({ code: 'unterminated-quote', line: 3, column: 'Name' });
    expect(e.message).toMatch(/^Line 3 of users\.csv has a quote mark/);
  });

  it('reports a row with more values than headings (an unquoted comma) with its line', () => {
    const e = err('ID,Name,Job\n1,Ann,Nurse\n2,Smith, Bob,Porter\n');
    expect(e).toMatchObject({ code: 'ragged', line: 3 });
    expect(e.message).toMatch(/Line 3 .* has 4 values but the heading row has 3 columns/);
  });

  it('says when the first line is a user rather than headings', () => {
    expect(err('1001,ann.smith@nhs.net,Ann\n')).toMatchObject({ code: 'no-header', line: 1 });
  });

  it('reads header-only files as a table with no rows (the checks then say there is nothing to upload)', () => {
    expect(ok('ID,ExternalSyncID,FirstName\r\n').rows).toEqual([]);
  });

  it('spots binary files and Excel workbooks renamed to .csv', () => {
    const xlsx = readCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), 'users.csv');
    expect(xlsx).toMatchObject({ ok: false, error: { code: 'binary', message: expect.stringContaining('Excel workbook') } });
    const png = readCsvBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]), 'photo.csv');
    expect(png).toMatchObject({ ok: false, error: { code: 'binary', fileName: 'photo.csv' } });
  });

  it('spots binary files without NULs by their control characters, and reads text with a few of them', () => {
    const header = 'ID,ExternalSyncID,FirstName\r\n';
    const noisy = header + '1,A1,\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000e\u001f\r\n';
    expect(readCsv({ text: noisy, encoding: 'utf-8' }, 'blob.csv')).toMatchObject({ ok: false, error: { code: 'binary', fileName: 'blob.csv' } });
    const unreadable = header + '\ufffd'.repeat(20);
    expect(readCsv({ text: unreadable, encoding: 'utf-8' }, 'blob.csv')).toMatchObject({ ok: false, error: { code: 'binary' } });
    // Tabs and form feeds are text, and up to two stray control characters are let pass.
    const text = header + '1,A1,Ann\t\f\u0001\r\n2,A2,Bob\u0002\r\n';
    expect(readCsv({ text, encoding: 'utf-8' }, 'users.csv').ok).toBe(true);
  });

  it('notes Windows-1252 decoding so the admin can check accents', () => {
    const r = readCsvBytes(new Uint8Array([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x53, 0x69, 0xe2, 0x6e, 0x0a]), 'users.csv');
    expect(r.ok && r.table.encoding).toBe('windows-1252');
    expect(r.ok && r.table.rows[0]!.values[0]).toBe('Siân');
    expect(r.ok && r.table.notes.join(' ')).toMatch(/Windows-1252/);
  });
});

describe('readCsv: issue 19 cases 8 and 15', () => {
  const read = (text: string) => readCsv({ text, encoding: 'utf-8' }, 'users.csv');

  it('reports a row with more values than the header even when the extra values are empty (case 8)', () => {
    // "Nurse, Band 5" unquoted, and a blank last column: Department would read " Band 5" and the mobile "".
    const header =
      'ID,ExternalSyncID,Title,FirstName,LastName,DisplayName,EmailAddress,JobTitle,Department,MobileNumber,TelephoneNumber,OrganisationalUnit';
    const text = `${header}\r\n1,RXX1,Ms,Ann,Lee,Ann Lee,ann@nhs.net,Nurse, Band 5,Cardiology,07700 900123,,\r\n`;
    const result = read(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'ragged', line: 2, fileName: 'users.csv', column: 'OrganisationalUnit' });
    expect(result.error.message).toMatch(/^Line 2 of users\.csv has 13 values but the heading row has 12 columns/);
    expect(result.error.message).toContain('OrganisationalUnit');
  });

  it("honours Excel's sep=; first line, and keeps the file's real line numbers (case 15)", () => {
    const result = read("sep=;\r\nID;Name;Mobile\r\n1;O'Connor, Siân;07700 900123\r\n");
    if (!result.ok) throw new Error(result.error.message);
    const t = result.table;
    expect(t.delimiter).toBe(';');
    expect(t.header).toEqual(['ID', 'Name', 'Mobile']);
    expect(t.headerLine).toBe(2);
    expect(t.rows).toEqual([{ line: 3, values: ['1', "O'Connor, Siân", '07700 900123'] }]);
    expect(t.separatorLine).toBe('sep=;');
  });

  it('refuses a sep= line naming a separator CSV Guard cannot read, by name', () => {
    const result = read('sep=|\nID|Name\n1|Ann\n');
    expect(result).toMatchObject({ ok: false, error: { line: 1, message: expect.stringMatching(/^The first line of users\.csv, "sep=\|"/) } });
  });
});
