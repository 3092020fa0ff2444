/** How the bytes of a file were turned into text. */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Text decoded from a file's bytes, ready to parse. Produced by `decodeBytes` (cheap, native TextDecoder). */
export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/** One data record, with the 1-based line of the file where it starts (header = line 1). */
export interface CsvRow {
  line: number;
  values: string[];
}

/** A parsed CSV file: header, records, and enough about its shape to write it back the same way. */
export interface CsvTable {
  fileName: string;
  encoding: TextEncodingName;
  delimiter: ',' | ';' | '\t';
  lineEnding: '\r\n' | '\n';
  header: string[];
  rows: CsvRow[];
  /** Things worth telling the admin that are not errors, e.g. "read as Windows-1252". */
  notes: string[];
  /** Line of the heading row; 1 unless the file starts with blank lines. Absent means 1. */
  headerLine?: number;
  /** Excel's "sep=;" first line, as written, when the file has one (it is not part of header or rows). */
  separatorLine?: string;
}

/** Why a file could not be read at all. Always names the file, and the line/column where known. */
export interface CsvError {
  fileName: string;
  code: 'empty' | 'no-header' | 'binary' | 'unterminated-quote' | 'ragged' | 'too-large' | 'unreadable';
  message: string;
  line?: number;
  column?: string;
}

/**
 * The text a table's records were parsed from, exactly as parsed (after a byte order mark or a "sep=" line
 * is taken off, and mixed line breaks made one kind), so that a search of the whole file can be mapped to
 * rows: CsvRow.line counts `lineBreak` characters in it from `firstLine`.
 */
export interface CsvSource {
  text: string;
  /** The file's line number of the text's first line: 2 after a "sep=" line, else 1. */
  firstLine: number;
  lineBreak: '\n' | '\r';
}

export type CsvReadResult = { ok: true; table: CsvTable; source: CsvSource } | { ok: false; error: CsvError };
