// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

async function moduleState(filePath: string, code: string): Promise<{ line: number; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => ({ line: m.line, message: m.message }));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('no module singletons in lib/, held by lint', { timeout: 180_000 }, () => {
  const NO_STATE = expect.stringContaining('lib/ holds no module-level mutable state');

  it('fails module-level mutable state planted in a lib/ module, each on its line', async () => {
    const planted = [
      'let checks = 0;',
      'export let lastFile = "";',
      'var seen = 0;',
      'const memo = new Map<string, string>();',
      'export const byId = new Map<string, number>();',
      'const rows: Set<number> = new Set();',
      'const perObject = new WeakMap<object, string>();',
      'const marked = new WeakSet<object>();',
      'class Registry {\n  static entries = new Map<string, string>();\n}\nexport const r = Registry;',
    ];
    let line = 1;
    const expected: { line: number; message: unknown }[] = [];
    for (const statement of planted) {
      expected.push({ line: statement.startsWith('class') ? line + 1 : line, message: NO_STATE });
      line += statement.split('\n').length;
    }
    expect(await moduleState('lib/csv/write.ts', planted.join('\n') + '\n')).toEqual(expected);
    // Outside lib/, the rule does not apply (entrypoints/ build the objects; components/ hold UI state).
    expect(await moduleState('components/shared/format.ts', 'const memo = new Map<string, string>();\nexport const m = memo;\n')).toEqual([]);
  });

  it('lets lib/ keep read-only constants, and state inside functions and objects', async () => {
    const code = [
      'const LIMIT = 5;',
      "const KEYS: ReadonlySet<string> = new Set(['a']);",
      "export const ROLES: ReadonlyMap<string, number> = new Map([['a', 1]]);",
      "const FORMAT = new Intl.DateTimeFormat('en-GB');",
      'export function count(values: string[]): number {',
      '  let n = 0;',
      '  const seen = new Set<string>();',
      '  for (const v of values) if (!seen.has(v)) { seen.add(v); n++; }',
      '  return n + LIMIT + KEYS.size + ROLES.size + FORMAT.format(0).length;',
      '}',
      'export class Cache {',
      '  static readonly EMPTY: ReadonlyMap<string, string> = new Map();',
      '  private readonly held = new Map<string, string>();',
      '  size(): number { return this.held.size; }',
      '}',
    ].join('\n');
    expect(await moduleState('lib/csv/write.ts', code + '\n')).toEqual([]);
  });

  it('fails a top-level array or object literal in a lib/ module unless it is read-only, each on its line', async () => {
    const SHARED = expect.stringContaining('a top-level array or object literal is shared by every importer');
    const mutable = [
      'const NONE: string[] = [];',
      "export const HOSTS = ['http://localhost/*'];",
      "export const LABELS = { block: 'Blocked' };",
      "const ROLES: Record<string, string> = { a: 'b' };",
      'const ORDER = [1, 2] satisfies number[];',
      'const EMPTY = [] as string[];',
      // An interface is not taken on trust, even with every field readonly: Readonly<Fix>, or `as const satisfies Fix`.
      "export const trimFix: Fix = { id: 'trim' };",
    ];
    const readOnly = [
      'interface Fix { readonly id: string }',
      'const NO_NAMES: readonly string[] = [];',
      'const NO_IDS: ReadonlyArray<string> = [];',
      "export const HOST_PATTERNS = ['http://localhost/*'] as const;",
      "export const SEVERITY_LABELS: Readonly<Record<string, string>> = { block: 'Blocked' };",
      "export const localIdFix: Readonly<Fix> = { id: 'local-id' };",
      "const ouFix = { id: 'ou' } as const satisfies Fix;",
      'const NO_LINES = [] as readonly number[];',
      "const PAIRS: readonly (readonly [string, number])[] = [['a', 1]];",
      "const KEYS: ReadonlySet<string> = new Set(['a']);",
      // Inside a function, a literal is the call's own.
      'export function fresh(): string[] {\n  const list: string[] = [];\n  return [...list, ...NO_NAMES, ...NO_IDS, ...HOST_PATTERNS, ouFix.id, String(NO_LINES.length + PAIRS.length + KEYS.size)];\n}',
    ];
    const code = [...mutable, ...readOnly].join('\n') + '\n';
    expect(await moduleState('lib/checks/row-analysis.ts', code)).toEqual(mutable.map((_, i) => ({ line: i + 1, message: SHARED })));
    // Outside lib/, the rule does not apply.
    expect(await moduleState('components/shared/format.ts', "export const LABELS = { block: 'Blocked' };\n")).toEqual([]);
  });

  it('has one reasoned exception in lib/, and no other', () => {
    const exceptions = filesUnder(join(REPO_ROOT, 'lib'))
      .filter((file) => /eslint-disable[^\n]*no-restricted-syntax/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(REPO_ROOT, file));
    // mailboxNameKeys' WeakMap: a pure memo of an immutable Mailbox (see its comment), not shared state.
    expect(exceptions).toEqual(['lib/checks/mailbox-index.ts']);
  });
});

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
