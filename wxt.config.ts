import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { E2E_HOST_PATTERNS, PORTAL_HOST_PATTERN } from './lib/portal/hosts';

// The production build touches only the portal. The e2e build (`wxt build --mode e2e`)
// also matches the local portal replica so browser tests can drive the real extension.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  // BENCH_PROFILE=1 builds unminified, so the bench's CPU profiles name the functions.
  vite: () => ({ plugins: [preact()], ...(process.env.BENCH_PROFILE ? { build: { minify: false } } : {}) }),
  manifest: ({ mode, browser }) => ({
    name: 'CSV Guard for the NHSmail Portal',
    description: 'Checks NHSmail Portal CSV user uploads before you click: stops duplicate accounts, parallel uploads and whole-file resubmissions.',
    permissions: ['storage', 'unlimitedStorage', 'alarms'],
    host_permissions: mode === 'e2e' ? [PORTAL_HOST_PATTERN, ...E2E_HOST_PATTERNS] : [PORTAL_HOST_PATTERN],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
    action: { default_title: 'CSV Guard' },
    // Messages as structured clones (Chrome 148+; Firefox always clones): the chosen file crosses to the
    // background as a File, a reference to its bytes, instead of its text as JSON. Older Chrome ignores the
    // key and the page sends the text (lib/page/check-session).
    ...(browser === 'firefox' ? {} : { message_serialization: 'structured_clone' }),
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
  }),
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'e2e') return;
      for (const script of manifest.content_scripts ?? []) {
        const paths = ['Admin*', 'admin*'];
        script.matches = [...(script.matches ?? []), ...E2E_HOST_PATTERNS.flatMap((h) => paths.map((p) => h.replace(/\*$/, p)))];
      }
    },
  },
});
