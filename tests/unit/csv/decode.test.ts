import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../lib/csv/decode';

const utf8 = (text: string) => new TextEncoder().encode(text);
function utf16(text: string, endian: 'le' | 'be', bom = true): Uint8Array {
  const bytes: number[] = bom ? (endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes.push(...(endian === 'le' ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]));
  }
  return new Uint8Array(bytes);
}

describe('decodeBytes', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeBytes(utf8('Name\nSiân'))).toEqual({ text: 'Name\nSiân', encoding: 'utf-8' });
  });

  it("reads Excel's CSV UTF-8 (with BOM) and drops the BOM", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Name\nZoë')]);
    expect(decodeBytes(bytes)).toEqual({ text: 'Name\nZoë', encoding: 'utf-8-bom' });
  });

  it("reads Excel's plain CSV (Windows-1252) when the bytes are not UTF-8, including curly apostrophes", () => {
    // "O’Connor,Siân,€" in Windows-1252: ’ = 0x92, â = 0xE2, € = 0x80
    const bytes = new Uint8Array([0x4f, 0x92, 0x43, 0x6f, 0x6e, 0x6e, 0x6f, 0x72, 0x2c, 0x53, 0x69, 0xe2, 0x6e, 0x2c, 0x80]);
    expect(decodeBytes(bytes)).toEqual({ text: 'O’Connor,Siân,€', encoding: 'windows-1252' });
  });

  it('reads UTF-16 LE and BE with a BOM (Excel "Unicode text")', () => {
    expect(decodeBytes(utf16('ID\tName\r\n1\tSiân', 'le'))).toEqual({ text: 'ID\tName\r\n1\tSiân', encoding: 'utf-16le' });
    expect(decodeBytes(utf16('ID,Name\n1,Zoë', 'be'))).toEqual({ text: 'ID,Name\n1,Zoë', encoding: 'utf-16be' });
  });

  it('recognises UTF-16 LE without a BOM from its zero bytes', () => {
    expect(decodeBytes(utf16('ExternalSyncID,EmailAddress\n', 'le', false))).toEqual({ text: 'ExternalSyncID,EmailAddress\n', encoding: 'utf-16le' });
  });

  it('does not throw on empty input', () => {
    expect(decodeBytes(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });
});
