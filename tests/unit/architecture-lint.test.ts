// @vitest-environment node
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The architecture rules of eslint.config.js, run through the ESLint Node API on a deliberate bad
 * import put in a real file's place. Import rules need no types, so type information is switched off
 * here to keep the test quick; `npm run lint` runs with it.
 */
const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the architecture, held by lint', { timeout: 180_000 }, () => {
  it('fails a lib/ module that imports Preact, components/ or entrypoints/', async () => {
    expect(await restrictedImports('lib/csv/write.ts', "import { h } from 'preact';\nexport const x = h;\n")).toEqual([
      expect.stringContaining('lib/ is framework-free: no Preact in lib/.'),
    ]);
    expect(
      await restrictedImports('lib/csv/write.ts', "import { plural } from '../../components/shared/format';\nexport const x = plural;\n"),
    ).toEqual([expect.stringContaining('UI imports lib/, never the reverse')]);
    expect(
      await restrictedImports('lib/csv/write.ts', "import background from '../../entrypoints/background';\nexport const x = background;\n"),
    ).toEqual([expect.stringContaining('lib/ never imports entrypoints/')]);
  });

  it('lets only the browser adapter modules (lib/browser/) import wxt/browser', async () => {
    const code = "import { browser } from 'wxt/browser';\nexport const id = browser.runtime.id;\n";
    for (const outside of ['lib/csv/write.ts', 'lib/messaging/send.ts', 'lib/submissions/tracker.ts', 'components/popup/popup-client.ts']) {
      expect(await restrictedImports(outside, code)).toEqual([expect.stringContaining('Only the browser adapter modules (lib/browser/)')]);
    }
    expect(await restrictedImports('lib/browser/tabs.ts', code)).toEqual([]);
    // Entrypoints wire browser events to lib/, so they may.
    expect(await restrictedImports('entrypoints/background.ts', code)).toEqual([]);
  });

  it('keeps components/ out of lib/store', async () => {
    expect(
      await restrictedImports(
        'components/popup/HistoryList.tsx',
        "import { getGuardDb } from '../../lib/store/connection';\nexport const x = getGuardDb;\n",
      ),
    ).toEqual([expect.stringContaining('components/ never reach into lib/store')]);
  });

  it('keeps check rules free of storage and messaging', async () => {
    const rule = 'lib/checks/rules/password-column.ts';
    expect(await restrictedImports(rule, "import { getGuardDb } from '../../store/connection';\nexport const x = getGuardDb;\n")).toEqual([
      expect.stringContaining('A check rule works on what it is given: no storage.'),
    ]);
    expect(await restrictedImports(rule, "import { sendToBackground } from '../../messaging/send';\nexport const x = sendToBackground;\n")).toEqual([
      expect.stringContaining('no messaging'),
    ]);
    expect(await restrictedImports(rule, "import { cell } from '../../portal/columns';\nexport const x = cell;\n")).toEqual([]);
  });
});
