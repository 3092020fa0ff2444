/**
 * A content fingerprint of a file's data rows, independent of encoding, delimiter and line endings,
 * so the same rows saved again by Excel are recognised as the same submission.
 * FNV-1a (two 32-bit lanes): fast and synchronous; this is for recognition, not security.
 */
export function fingerprintRows(rows: readonly (readonly string[])[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ rows.length;
  for (const row of rows) {
    for (const value of row) {
      const v = value.trim();
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
      }
      a = Math.imul(a ^ 0x1f, 0x01000193); // unit separator between values
      b = Math.imul(b ^ 0x1f, 0x5bd1e995);
    }
    a = Math.imul(a ^ 0x1e, 0x01000193); // record separator between rows
    b = Math.imul(b ^ 0x1e, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}
