import type { TextEncodingName } from '../csv/types';

/**
 * Save a corrected file through the browser's normal download (a Blob and an `<a download>`):
 * nothing leaves the machine. A UTF-8 byte-order mark is added unless the original was plain UTF-8,
 * so Excel and the portal read accented names the same way.
 */
export function downloadCsv(name: string, content: string, originalEncoding: TextEncodingName, container: ParentNode & Node): void {
  const bom = originalEncoding === 'utf-8' ? '' : '\uFEFF';
  const url = URL.createObjectURL(new Blob([bom + content], { type: 'text/csv;charset=utf-8' }));
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
