/**
 * Save a corrected file through the browser's normal download (a Blob and an `<a download>`):
 * nothing leaves the machine. The content is written as given (the export already carries a
 * byte-order mark when the original file had one).
 */
export function downloadCsv(name: string, content: string, container: ParentNode & Node): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/csv;charset=utf-8' }));
  const link = (container.ownerDocument ?? document).createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  container.appendChild(link); // Firefox only downloads from a link that is in the document
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
