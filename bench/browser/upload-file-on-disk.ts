import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Upload files written to a temporary folder and chosen by path. Chosen by path, Chromium sets the
 * input's files natively (DevTools DOM.setFileInputFiles), as when an admin picks a file; a buffer
 * would be rebuilt into a File by script in the page, a long task of the test's own making.
 */
export class UploadFilesOnDisk {
  private readonly dir = mkdtempSync(join(tmpdir(), 'csv-guard-bench-'));

  write(name: string, text: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, text, 'utf8');
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function chooseFileOnDisk(page: Page, path: string): Promise<void> {
  await page.locator('input[type=file]').first().setInputFiles(path);
}
