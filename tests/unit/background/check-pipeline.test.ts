import { describe, expect, it } from 'vitest';
import { runCheckPipeline, type CheckPipelineDeps } from '../../../lib/background/check-pipeline';
import { DEFAULT_SETTINGS } from '../../../lib/settings';

/** Storage that answers only when told, and counts what was asked of it. */
function slowStorage() {
  const asked: string[] = [];
  let answer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const deps: CheckPipelineDeps = {
    loadSettings: async () => {
      asked.push('settings');
      await answered;
      return DEFAULT_SETTINGS;
    },
    listSubmissions: async () => {
      asked.push('history');
      await answered;
      return [];
    },
    lookupMailboxes: async () => ({ mailboxes: [], reports: [] }),
    now: () => 0,
  };
  return { deps, asked, answer };
}

describe('the check pipeline', () => {
  it('asks storage for the settings and the upload history before it parses, so a slow answer overlaps the parse', async () => {
    const storage = slowStorage();
    let parsedBeforeAsking = false;
    const checking = runCheckPipeline(
      { fileName: 'updates.csv', text: 'ExternalSyncID,Email\r\nL1,a@nhs.net\r\n', encoding: 'utf-8' },
      { ...storage.deps, mark: (step) => void (step === 'parsed' && storage.asked.length < 2 && (parsedBeforeAsking = true)) },
    );
    storage.answer();
    const outcome = await checking;
    expect(outcome.ok && outcome.run.result.summary.rows).toBe(1);
    expect(parsedBeforeAsking).toBe(false);
  });

  it('reports an unreadable file as such even when storage fails meanwhile', async () => {
    const failing: CheckPipelineDeps = {
      ...slowStorage().deps,
      loadSettings: () => Promise.reject(new Error('storage gone')),
      listSubmissions: () => Promise.reject(new Error('storage gone')),
    };
    // An unhandled rejection here would fail the run.
    expect(await runCheckPipeline({ fileName: 'empty.csv', text: '  ', encoding: 'utf-8' }, failing)).toEqual({
      ok: false,
      error: expect.stringContaining('empty.csv is empty') as string,
    });
  });
});
