import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { WxtVitest } from 'wxt/testing';

// Two projects: fast unit/component tests (happy-dom, fakeBrowser, fake-indexeddb),
// and end-to-end tests that load the built extension into real Chromium against the portal replica.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/components/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['tests/setup-unit.ts'],
          // Some component and storage tests do real work (thousands of rows); on a loaded 2-core CI machine
          // the 5 s default turned slow into red. A hang still fails.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
