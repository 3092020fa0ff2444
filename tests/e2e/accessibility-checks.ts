import AxeBuilder from '@axe-core/playwright';
import type { FileChooser, Page } from 'playwright-core';

/** What the browser tests check of accessibility: axe-core's serious and critical findings, and keyboard focus. */

/**
 * axe-core's serious or critical violations, as readable lines (empty when there are none). `within`
 * limits the run to one part of the page (the CSV Guard panel, not the portal around it); `inspected`
 * is how many elements inside a shadow root axe looked at, so a test can prove the panel was analysed.
 */
export async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  return (await axeRun(page, within)).violations;
}

export async function axeRun(page: Page, within?: string): Promise<{ violations: string[]; inspectedInShadow: number }> {
  const builder = new AxeBuilder({ page });
  if (within) builder.include(within);
  const results = await builder.analyze();
  const violations = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => JSON.stringify(n.target))
          .slice(0, 3)
          .join(', ')}`,
    );
  // A node inside a shadow root is targeted by a path of selectors: [host, inside].
  const inspectedInShadow = [...results.passes, ...results.violations].reduce(
    (n, rule) => n + rule.nodes.filter((node) => Array.isArray(node.target[0])).length,
    0,
  );
  return { violations, inspectedInShadow };
}

/** The focused element, looking inside open shadow roots (the panel's), described as a user would see it. */
export async function focused(page: Page): Promise<{ text: string; testId: string | null; tag: string; type: string | null; inPanel: boolean }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let inPanel = false;
    while (el?.shadowRoot?.activeElement) {
      if (el.localName === 'csv-guard') inPanel = true;
      el = el.shadowRoot.activeElement;
    }
    const label = el?.closest('label');
    const text = (el instanceof HTMLInputElement && el.type !== 'file' && el.type !== 'checkbox' ? el.value : ((label ?? el)?.textContent ?? ''))
      .replace(/\s+/g, ' ')
      .trim();
    return { text, testId: el?.getAttribute('data-testid') ?? null, tag: el?.localName ?? '', type: el?.getAttribute('type') ?? null, inPanel };
  });
}

export async function focusedText(page: Page): Promise<string> {
  return (await focused(page)).text;
}

export async function expectFocus(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((s) => document.activeElement !== null && document.activeElement === document.querySelector(s), selector, {
    timeout: 10_000,
  });
}

type FocusMatch = string | RegExp | ((f: Awaited<ReturnType<typeof focused>>) => boolean);

/** Press Tab (or Shift+Tab) until the focused element matches (at most 60 presses), as a keyboard user would. */
export async function focusByTab(page: Page, match: FocusMatch, { backwards = false } = {}): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (typeof match === 'function' ? match(now) : typeof match === 'string' ? now.text === match : match.test(now.text)) return;
  }
  throw new Error(`${backwards ? 'Shift+Tab' : 'Tab'} never reached “${String(match)}”.`);
}

/**
 * The page's next file chooser. Start waiting before the steps that lead to the key press, not beside the
 * press: Playwright turns Chromium's file chooser interception on without waiting for it to take effect, so a
 * Space sent straight after can open a chooser the test never hears of, though the input's click fired (about
 * one run in ten, more under load). An admin's key press is not lost; only the test's view of it was.
 */
export function nextFileChooser(page: Page): Promise<FileChooser> {
  const chooser = page.waitForEvent('filechooser', { timeout: 60_000 });
  // Awaited later; a test that fails before then must not also leave an unhandled rejection behind.
  chooser.catch(() => undefined);
  return chooser;
}
