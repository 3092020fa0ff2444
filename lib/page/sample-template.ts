import Papa from 'papaparse';
import { normaliseSpace } from './control-text';

/** The page's "Sample File (new format)" link; any "sample file" link when the wording differs. */
export function findSampleLink(root: ParentNode): HTMLAnchorElement | undefined {
  const links = [...root.querySelectorAll<HTMLAnchorElement>('a[href]')];
  const text = (a: HTMLAnchorElement) => normaliseSpace(a.textContent || a.getAttribute('aria-label') || '');
  return links.find((a) => /sample file/i.test(text(a)) && /new format/i.test(text(a))) ?? links.find((a) => /sample file/i.test(text(a)));
}

/** The link's address, only when it is on the portal's own origin: nothing is fetched from anywhere else. */
export function sameOriginUrl(href: string, pageUrl: string): string | undefined {
  try {
    const url = new URL(href, pageUrl);
    return url.origin === new URL(pageUrl).origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The header row of a sample CSV; undefined when the text has no usable header. */
export function headerOfSample(text: string): string[] | undefined {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { preview: 1, skipEmptyLines: true });
  const header = (parsed.data[0] ?? []).map((cell) => cell.trim());
  return header.length >= 2 && header.some((cell) => cell !== '') ? header : undefined;
}

/** Fetch the sample file named by the page and read its header (same origin only). */
export async function learnTemplate(
  doc: Document,
  fetchText: (url: string) => Promise<string>,
): Promise<{ header: string[]; sourceUrl: string } | undefined> {
  const link = findSampleLink(doc);
  if (!link) return undefined;
  const url = sameOriginUrl(link.getAttribute('href') ?? '', doc.location.href);
  if (!url) return undefined;
  const header = headerOfSample(await fetchText(url));
  return header ? { header, sourceUrl: url } : undefined;
}
