import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';

afterEach(() => {
  cleanup();
  fakeBrowser.reset();
});
