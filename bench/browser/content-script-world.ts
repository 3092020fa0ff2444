import type { CDPSession } from 'playwright-core';

/**
 * The id of CSV Guard's content-script world (an isolated world whose origin is the extension's) on the
 * page `cdp` is attached to, found through the DevTools protocol; throws when the page has none.
 */
export async function contentScriptWorld(cdp: CDPSession, extensionId: string): Promise<number> {
  const worlds: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event) => worlds.push(event.context));
  await cdp.send('Runtime.enable');
  const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.origin === `chrome-extension://${extensionId}`);
  if (!world) throw new Error("CSV Guard's content-script world was not found on the page.");
  return world.id;
}
