import { normaliseSpace } from './control-text';

const ROUTE_HINT = /csv|upload/i;
const HEADING_HINT = /upload users|csv upload|bulk upload/i;

/**
 * Does this look like the portal's upload page even though its controls were not found?
 * Only then is the "not recognised" notice worth showing; every other admin page stays untouched.
 */
export function looksLikeUploadPage(doc: Document): boolean {
  if (ROUTE_HINT.test(doc.location?.hash ?? '')) return true;
  for (const heading of doc.querySelectorAll('h1, h2, h3, [role="heading"]')) {
    if (HEADING_HINT.test(normaliseSpace(heading.textContent ?? ''))) return true;
  }
  return false;
}
