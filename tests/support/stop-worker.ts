import type { GuardBrowser } from '../e2e/harness';

/**
 * Stop the extension's service worker through the DevTools protocol, as Chrome does to an idle one
 * after 30 s, and wait until DevTools reports it stopped. The next message starts it again with
 * nothing in memory: what a check then costs is the cold path (the bench), and what must survive
 * is what was persisted (the browser tests). The session is opened on an extension page: a portal
 * page's session does not see the extension's worker.
 */
export async function stopServiceWorker(guard: GuardBrowser): Promise<void> {
  const page = await guard.openExtensionPage('options.html');
  const cdp = await guard.context.newCDPSession(page);
  type Version = { scriptURL: string; runningStatus: string };
  const stopped = new Promise<void>((resolve) => {
    cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: Version[] }) => {
      if (event.versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${guard.extensionId}/`) && v.runningStatus === 'stopped')) resolve();
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await cdp.detach();
  await page.close();
}
