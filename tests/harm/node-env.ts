/**
 * What the extension's lib/ code expects around it, for running it in plain Node (npm run harm):
 * IndexedDB (fake-indexeddb) and the extension API (WXT's fake browser, in memory). Import this
 * before anything from lib/: wxt/browser picks its `browser` object when first loaded.
 */
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';

(globalThis as { chrome?: unknown }).chrome = fakeBrowser;
