/**
 * Put a file into the portal's Browse input as if the admin had chosen it: a DataTransfer's file list
 * on the input, then the events a page listens for when a file is chosen (input, then change). The
 * original file on disk is untouched; this is a new file in memory. Returns false when the input did
 * not take it (a browser without DataTransfer, or an input that refuses), so the caller can offer a download.
 */
export function placeFileInInput(input: HTMLInputElement, name: string, content: string): boolean {
  const win = input.ownerDocument.defaultView;
  const DataTransferClass = win?.DataTransfer ?? globalThis.DataTransfer;
  const FileClass = win?.File ?? globalThis.File;
  if (typeof DataTransferClass !== 'function' || typeof FileClass !== 'function') return false;
  try {
    const transfer = new DataTransferClass();
    transfer.items.add(new FileClass([content], name, { type: 'text/csv', lastModified: Date.now() }));
    input.files = transfer.files;
  } catch {
    return false;
  }
  if (input.files?.[0]?.name !== name) return false;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}
