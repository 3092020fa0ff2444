// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Lint for CSV Guard: typescript-eslint with type information, plus the architecture as import rules.
 * `npm run lint` runs it with --max-warnings 0, before the unit tests in `npm test`.
 */

/**
 * The only modules of lib/ and components/ that may talk to the browser's extension APIs: the adapters in
 * lib/browser/. Everything else gets what it needs passed in (entrypoints/ wire the adapters up).
 */
export const BROWSER_ADAPTERS = ['lib/browser/**/*.ts'];

const wxtBrowser = {
  name: 'wxt/browser',
  message: 'Only the browser adapter modules (lib/browser/) import wxt/browser: take what you need as a parameter, or add it to an adapter.',
};
const noUi = [
  { group: ['**/components', '**/components/**'], message: 'lib/ is framework-free: UI imports lib/, never the reverse.' },
  { group: ['**/entrypoints', '**/entrypoints/**'], message: 'lib/ never imports entrypoints/: entrypoints wire lib/ to the browser.' },
  { group: ['preact', 'preact/**', '@preact/**', '@testing-library/preact'], message: 'lib/ is framework-free: no Preact in lib/.' },
];
const noStoreInternals = {
  group: ['**/lib/store', '**/lib/store/**', 'idb'],
  message: 'components/ never reach into lib/store: ask the background through a client in lib/messaging.',
};
/**
 * No module singletons in lib/: state that outlives a call is owned by an object its owner builds
 * (entrypoints/background.ts, or the check) and passed by name. A module may keep read-only constants only:
 * no top-level `let`/`var`, no top-level Map/Set/WeakMap/WeakSet unless typed ReadonlyMap/ReadonlySet
 * (a WeakMap cannot be), no static class fields that are not readonly.
 */
const MODULE_STATE =
  'lib/ holds no module-level mutable state: build it in an object its owner creates (entrypoints/background.ts, or the check) and pass it by name. Constants are read-only (const, ReadonlyMap, ReadonlySet).';
const COLLECTIONS = '[init.type="NewExpression"][init.callee.name=/^(Map|Set|WeakMap|WeakSet)$/]';
const READ_ONLY_TYPE = '[id.typeAnnotation.typeAnnotation.typeName.name=/^Readonly(Map|Set)$/]';
const noModuleState = [
  { selector: 'Program > VariableDeclaration[kind!="const"]', message: MODULE_STATE },
  { selector: 'Program > ExportNamedDeclaration > VariableDeclaration[kind!="const"]', message: MODULE_STATE },
  { selector: `Program > VariableDeclaration > VariableDeclarator${COLLECTIONS}:not(${READ_ONLY_TYPE})`, message: MODULE_STATE },
  {
    selector: `Program > ExportNamedDeclaration > VariableDeclaration > VariableDeclarator${COLLECTIONS}:not(${READ_ONLY_TYPE})`,
    message: MODULE_STATE,
  },
  { selector: 'PropertyDefinition[static=true][readonly!=true]', message: MODULE_STATE },
];
/**
 * A top-level `const` holding an array or object literal is shared by every importer: one `push` or
 * assignment corrupts every later use. So a module-level array or object literal in lib/ is read-only by
 * its type: `as const` (deep; add `satisfies T` where a type check is wanted), or an annotation of
 * `readonly T[]`, `ReadonlyArray<T>`, `Readonly<T>`, `ReadonlyMap`/`ReadonlySet`. An interface whose fields
 * are all readonly is not taken on trust: write `Readonly<Foo>` or `{...} as const satisfies Foo`. A literal
 * passed through `as T` or `satisfies T` counts as the literal, unless `T` is `const` or read-only.
 * `Readonly<T>` and `readonly T[]` are shallow: nested arrays and objects want their own `readonly`.
 */
const MUTABLE_CONSTANT =
  'lib/ holds no module-level mutable state: a top-level array or object literal is shared by every importer, so one push or assignment corrupts every later use. Make it read-only: `as const` (with `satisfies T` for a type check), or type it `readonly T[]`, `ReadonlyArray<T>`, `Readonly<T>`, `ReadonlyMap`/`ReadonlySet`; copy explicitly (`[...X]`) where a mutable value is really needed.';
/** An attribute test that the type at `path` is read-only: `readonly T[]`, or `Readonly<T>`/`ReadonlyArray`/`ReadonlyMap`/`ReadonlySet`. */
const readOnlyType = (/** @type {string} */ path) =>
  `:matches([${path}.type="TSTypeOperator"][${path}.operator="readonly"], [${path}.typeName.name=/^Readonly(Array|Map|Set)?$/])`;
const LITERAL = '/^(ArrayExpression|ObjectExpression)$/';
const MUTABLE_LITERAL =
  `:matches([init.type=${LITERAL}], ` +
  `[init.type="TSSatisfiesExpression"][init.expression.type=${LITERAL}], ` +
  `[init.type="TSAsExpression"][init.expression.type=${LITERAL}][init.typeAnnotation.typeName.name!="const"]:not(${readOnlyType('init.typeAnnotation')}))` +
  `:not(${readOnlyType('id.typeAnnotation.typeAnnotation')})`;
const noMutableConstants = [
  { selector: `Program > VariableDeclaration > VariableDeclarator${MUTABLE_LITERAL}`, message: MUTABLE_CONSTANT },
  { selector: `Program > ExportNamedDeclaration > VariableDeclaration > VariableDeclarator${MUTABLE_LITERAL}`, message: MUTABLE_CONSTANT },
];
const rulesArePure = [
  { group: ['**/store', '**/store/**', 'idb'], message: 'A check rule works on what it is given: no storage.' },
  { group: ['**/messaging', '**/messaging/**'], message: 'A check rule works on what it is given: no messaging.' },
];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'demo-output/**', '.tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Type-aware rules chosen for what they catch here: promises left floating or passed where a void callback is expected.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // Comments may show the invisible characters the suspicious-characters rule is about.
      'no-irregular-whitespace': ['error', { skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // The architecture, as import rules.
  {
    files: ['lib/**/*.ts'],
    ignores: BROWSER_ADAPTERS,
    rules: { 'no-restricted-imports': ['error', { paths: [wxtBrowser], patterns: noUi }] },
  },
  {
    files: BROWSER_ADAPTERS,
    rules: { 'no-restricted-imports': ['error', { patterns: noUi }] },
  },
  {
    files: ['lib/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...noModuleState, ...noMutableConstants] },
  },
  {
    files: ['lib/checks/rules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [wxtBrowser], patterns: [...noUi, ...rulesArePure] }] },
  },
  {
    files: ['components/**/*.ts', 'components/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: [wxtBrowser], patterns: [noStoreInternals] }] },
  },
);
