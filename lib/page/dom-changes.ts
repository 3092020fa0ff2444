/** The panel's host element: changes to it are ours, never the portal's. */
export const GUARD_HOST_TAG = 'CSV-GUARD';

function isOurs(node: Node): boolean {
  return node.nodeName === GUARD_HOST_TAG;
}

/**
 * Call back whenever the portal changes the page, with the nodes it added or whose text it changed
 * (empty when it only removed some), ignoring the panel itself.
 * Returns a function that stops observing.
 */
export function observePortalChanges(root: Node, onChange: (changed: Node[]) => void): () => void {
  const observer = new MutationObserver((records) => {
    const changed: Node[] = [];
    let portalChanged = false;
    for (const record of records) {
      if (record.type === 'characterData') {
        changed.push(record.target);
        portalChanged = true;
        continue;
      }
      for (const node of record.addedNodes) {
        if (isOurs(node)) continue;
        changed.push(node);
        portalChanged = true;
      }
      // Removing the panel counts (the app re-rendered over it and it must come back); adding it does not.
      if (record.removedNodes.length > 0) portalChanged = true;
    }
    if (portalChanged) onChange(changed);
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  return () => observer.disconnect();
}

/** The text of an element as it reads, white space collapsed. */
export function readableText(node: Node): string {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Elements (or text nodes' parents) among changed nodes, once each. */
export function changedElements(changed: Node[]): Element[] {
  const seen = new Set<Element>();
  for (const node of changed) {
    const element = node instanceof Element ? node : node.parentElement;
    if (element) seen.add(element);
  }
  return [...seen];
}
