import { describe, expect, it } from 'vitest';
import { formulaSafe, writeCsv } from '../../../lib/csv/write';

describe('formulaSafe', () => {
  it('neutralises values a spreadsheet would run as a formula', () => {
    for (const bad of ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", '-2+3+cmd|x', '@SUM(A1)', '\t=1', '\r=1', '=1+1']) {
      expect(formulaSafe(bad)).toBe(`'${bad}`);
    }
  });

  it('leaves ordinary values and phone numbers alone', () => {
    for (const good of ['Siân', "O'Connor", '+44 7700 900123', '+447700900123', '-5', '(0113) 2345678', 'a=b', '']) {
      expect(formulaSafe(good)).toBe(good);
    }
  });
});

describe('writeCsv', () => {
  it('keeps the delimiter and line ending, quotes only when needed, and ends with a line break', () => {
    const text = writeCsv(
      ['ID', 'Name'],
      [
        ['1', 'Smith, Ann'],
        ['2', 'say "hi"'],
        ['3', 'two\nlines'],
      ],
      { delimiter: ',', lineEnding: '\r\n' },
      { purpose: 'upload' },
    );
    expect(text).toBe('ID,Name\r\n1,"Smith, Ann"\r\n2,"say ""hi"""\r\n3,"two\nlines"\r\n');
    expect(writeCsv(['A', 'B'], [['x;y', 'z,w']], { delimiter: ';', lineEnding: '\n' }, { purpose: 'upload' })).toBe('A;B\n"x;y";z,w\n');
  });

  it('adds a BOM when asked, and neutralises formulas in every value of a file meant for reading', () => {
    expect(
      writeCsv(['Job', 'Mobile'], [['=cmd()', '+44 7700 900123']], { delimiter: ',', lineEnding: '\n' }, { purpose: 'reading', bom: true }),
    ).toBe('\uFEFFJob,Mobile\n"\'=cmd()",+44 7700 900123\n');
  });

  it('keeps formula-like values exactly in a file meant for upload', () => {
    expect(writeCsv(['Job'], [['=cmd()'], ['@SUM(1)']], { delimiter: ',', lineEnding: '\n' }, { purpose: 'upload' })).toBe('Job\n=cmd()\n@SUM(1)\n');
  });

  it('quotes a value with a space at either end so it reads back exactly', () => {
    expect(writeCsv(['A', 'B'], [[' x', 'y ']], { delimiter: ',', lineEnding: '\n' }, { purpose: 'upload' })).toBe('A,B\n" x","y "\n');
  });
});
