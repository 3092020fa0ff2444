import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';

/**
 * Finding a Chromium for browser tests and the demo: CHROMIUM_PATH, then /usr/bin/chromium, then the
 * usual names. On a fresh Debian machine running as root, Debian's chromium package is installed.
 * Playwright's own browser downloads are never used.
 */
const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export const CHROMIUM_INSTRUCTION =
  'No Chromium found: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH=/path/to/chromium.';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to use, or undefined when none is installed. Throws when CHROMIUM_PATH names a missing file. */
export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH?.trim();
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`CHROMIUM_PATH=${configured} is not an executable file.`);
    return configured;
  }
  return USUAL_PATHS.find(isExecutable);
}

function canInstallDebianChromium(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/etc/debian_version') && isExecutable('/usr/bin/apt-get');
}

/** Installs Debian's chromium package non-interactively (root only). */
export function installDebianChromium(log: (line: string) => void = console.log): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log("Chromium not found: installing Debian's chromium package (apt-get install -y chromium)...");
  try {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
  } catch {
    throw new Error(`apt-get install -y chromium failed. ${CHROMIUM_INSTRUCTION}`);
  }
}

/**
 * The Chromium to use, installing Debian's package when that is possible (root on Debian).
 * Otherwise throws one line saying what to do: browser tests must fail, never skip.
 */
export function resolveChromium(options: { install?: boolean; log?: (line: string) => void } = {}): string {
  const found = findChromium();
  if (found) return found;
  if (options.install !== false && canInstallDebianChromium()) {
    installDebianChromium(options.log);
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(CHROMIUM_INSTRUCTION);
}
