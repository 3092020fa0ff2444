import type { Page } from 'playwright-core';

/**
 * tsx compiles with esbuild's keepNames, which wraps named functions in a `__name(fn, "name")` helper.
 * Functions handed to page.evaluate run in the page, where that helper does not exist: define it there
 * (as the identity) so in-page helpers can have names.
 */
export async function allowNamedFunctions(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn');
}
