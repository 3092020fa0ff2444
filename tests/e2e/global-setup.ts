import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveChromium } from './chromium';
import { E2E_EXTENSION_DIR, REPO_ROOT } from './harness';

/** Sources whose change makes the e2e build stale. */
const SOURCE_PATHS = ['entrypoints', 'lib', 'components', 'public', 'wxt.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/**
 * Once per e2e run: a Chromium must exist (installed on Debian as root, else a one-line failure:
 * browser tests never skip), and the e2e build must exist and be newer than its sources.
 */
export default function setup(): void {
  const chromiumPath = resolveChromium({ log: (line) => console.log(`[e2e] ${line}`) });
  console.log(`[e2e] Chromium: ${chromiumPath}`);

  const manifest = join(E2E_EXTENSION_DIR, 'manifest.json');
  const builtAt = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCE_PATHS.map((p) => newestMtime(join(REPO_ROOT, p))));
  if (builtAt === 0 || builtAt < sourcesAt) {
    console.log(`[e2e] ${builtAt === 0 ? 'No' : 'Stale'} e2e build: running wxt build --mode e2e`);
    execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  if (!existsSync(manifest)) throw new Error(`The e2e build did not produce ${manifest}.`);
}
