/** Who is on the other end of a message or port, as the router decides what it may ask. */
export type SenderKind = 'extension-page' | 'portal-page' | 'unknown';

/** What the router needs to place a sender; the background fills it from the browser and the build mode. */
export interface SenderTrust {
  /** The extension's own base URL (`runtime.getURL('/')`): its pages' URLs start with it. */
  extensionBaseUrl: string;
  /** Match patterns of the portal (`https://portal.nhs.net/*`; the e2e build adds the replica's hosts). */
  portalHostPatterns: readonly string[];
}

/** The parts of a runtime MessageSender (or Port.sender) the trust decision reads. */
export interface SenderLike {
  url?: string;
  tab?: { id?: number; url?: string };
}

/**
 * Whether `url` is matched by a host pattern of the form `scheme://host/*`. The pattern's path is
 * ignored (the portal's content script runs under /Admin only anyway) and a pattern without a port
 * matches any port, as the browser's own match patterns do.
 */
export function matchesHostPattern(url: string, pattern: string): boolean {
  const wanted = /^(https?):\/\/([^/:]+)\//.exec(pattern);
  if (!wanted) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${wanted[1]}:` && parsed.hostname === wanted[2];
}

/**
 * An extension page's URL starts with the extension's own base URL (the popup opened in a tab
 * included). A content script's sender is a tab whose frame is on the portal. Anything else is unknown.
 */
export function classifySender(sender: SenderLike, trust: SenderTrust): SenderKind {
  const url = sender.url;
  if (url === undefined) return 'unknown';
  if (url.startsWith(trust.extensionBaseUrl)) return 'extension-page';
  if (sender.tab !== undefined && trust.portalHostPatterns.some((pattern) => matchesHostPattern(url, pattern))) return 'portal-page';
  return 'unknown';
}
