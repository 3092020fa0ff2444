import type { ExportedFile } from '../../lib/messaging/checks-protocol';

/**
 * Save a file through the browser's ordinary download (a Blob and an `<a download>`): nothing leaves
 * the machine, and no `downloads` permission is needed. Content is saved as given (any byte order
 * mark is already in it).
 */
export function saveFile(file: ExportedFile, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: 'text/csv;charset=utf-8' }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.name;
  link.hidden = true;
  doc.body.appendChild(link); // Firefox only downloads from a link that is in the document
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
