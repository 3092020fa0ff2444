import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Least privilege, reviewed line by line against the built manifests (`npm run test:e2e` builds both first).
// Every permission has a reason in the README's "Permissions" section; adding one must fail here first.
const root = join(import.meta.dirname, '..', '..');
const readManifest = (dir: string) => JSON.parse(readFileSync(join(root, '.output', dir, 'manifest.json'), 'utf8'));

describe('production manifest', () => {
  const manifest = readManifest('chrome-mv3');

  it('asks only for storage, unlimited storage and alarms', () => {
    // storage: settings and the persisted upload slot; unlimitedStorage: a 100,000-row report in IndexedDB;
    // alarms: hourly retention purge and submission expiry that survive the worker being stopped.
    expect([...manifest.permissions].sort()).toEqual(['alarms', 'storage', 'unlimitedStorage']);
    expect(manifest.optional_permissions ?? []).toEqual([]);
  });

  it('sends messages as structured clones, so the chosen file crosses to the background as a File, not as JSON text', () => {
    expect(manifest.message_serialization).toBe('structured_clone');
  });

  it('reaches only the portal: no <all_urls>, no tabs, no webRequest, no e2e hosts', () => {
    expect(manifest.host_permissions).toEqual(['https://portal.nhs.net/*']);
    const everything = JSON.stringify(manifest);
    for (const forbidden of ['<all_urls>', '"tabs"', 'webRequest', 'localhost', '127.0.0.1', 'http://']) {
      expect(everything).not.toContain(forbidden);
    }
  });

  it('runs its content script only on the portal admin app', () => {
    expect(manifest.content_scripts).toHaveLength(1);
    // Both spellings: match pattern paths are case-sensitive, the portal's paths are not.
    expect(manifest.content_scripts[0].matches).toEqual(['https://portal.nhs.net/Admin*', 'https://portal.nhs.net/admin*']);
  });

  it('has a strict extension CSP with no remote code', () => {
    expect(manifest.content_security_policy.extension_pages).toBe("script-src 'self'; object-src 'self'");
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
    expect(manifest.externally_connectable).toBeUndefined();
  });

  it('is an MV3 service-worker extension with a popup and an options page', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.service_worker).toBe('background.js');
    expect(manifest.action.default_popup).toBe('popup.html');
    expect(manifest.options_ui.page).toBe('options.html');
  });
});

describe('e2e test build', () => {
  it('adds the local replica hosts and nothing else', () => {
    const manifest = readManifest('chrome-mv3-e2e');
    expect(manifest.host_permissions).toEqual(['https://portal.nhs.net/*', 'http://localhost/*', 'http://127.0.0.1/*']);
    expect([...manifest.permissions].sort()).toEqual(['alarms', 'storage', 'unlimitedStorage']);
  });
});
