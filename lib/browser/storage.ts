import { browser } from 'wxt/browser';
import type { KeyValueArea } from './key-value-area';

/** The extension's storage.local: survives the worker being stopped and the browser restarting. */
export function localArea(): KeyValueArea {
  return {
    get: async (key) => (await browser.storage.local.get(key))[key],
    set: (key, value) => browser.storage.local.set({ [key]: value }),
  };
}

/** The extension's storage.session: survives the worker being stopped, not the browser closing. Undefined in older Firefox. */
export function sessionArea(): KeyValueArea | undefined {
  const area = (browser.storage as { session?: typeof browser.storage.local }).session;
  if (!area) return undefined;
  return {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
  };
}
