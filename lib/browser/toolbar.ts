import { browser } from 'wxt/browser';

/** The toolbar button's badge and tooltip. */
export interface ToolbarBadge {
  setBadgeText(details: { text: string }): Promise<void> | void;
  setTitle(details: { title: string }): Promise<void> | void;
  setBadgeBackgroundColor?(details: { color: string }): Promise<void> | void;
}

/** Chrome MV3 has `action`; Firefox MV2 has `browserAction`. */
export function toolbarBadge(): ToolbarBadge | undefined {
  const b = browser as unknown as { action?: ToolbarBadge; browserAction?: ToolbarBadge };
  return b.action ?? b.browserAction;
}
