import { describe, expect, it, vi } from 'vitest';
import { MAX_BYTES } from '../../../lib/csv/read';
import { FileTooLarge, readUserFile } from '../../../lib/csv/read-file';

/** A file that claims `size` bytes and records whether its bytes were ever read. */
function fileOf(name: string, text: string, size?: number) {
  const file = new File([text], name, { type: 'text/csv' });
  if (size !== undefined) Object.defineProperty(file, 'size', { value: size });
  const read = vi.spyOn(file, 'arrayBuffer');
  return { file, read };
}

describe('reading a file the admin chose (page, popup, options)', () => {
  it('refuses a file over the limit before reading a byte, naming the file and the limit', async () => {
    const { file, read } = fileOf('whole trust.csv', 'ID\r\n1', MAX_BYTES + 1);
    const reading = readUserFile(file);
    await expect(reading).rejects.toBeInstanceOf(FileTooLarge);
    await expect(reading).rejects.toThrow(/“whole trust\.csv” is 101 MB, more than CSV Guard can read \(100 MB\)\. Split it into smaller files\./);
    expect(read).not.toHaveBeenCalled();
  });

  it('decodes a file within the limit, keeping its encoding', async () => {
    const { file } = fileOf('staff.csv', '\uFEFFID,Surname\r\n1,Ó Briain');
    expect(await readUserFile(file)).toEqual({ text: 'ID,Surname\r\n1,Ó Briain', encoding: 'utf-8-bom' });
  });
});
