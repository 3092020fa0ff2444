import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { TrackerDeps } from '../../../lib/submissions/tracker';
import { isUnsafeToRepeat } from '../../../lib/checks/submission-overlap';
import { listSubmissions as listIn, saveSubmissions as saveIn } from '../../../lib/submissions/history-store';
import { createSettingsStore } from '../../../lib/settings';
import { memoryBrowser, startWorker, testDb, type MemoryBrowser } from '../../support/background';
import { clearHistory, slotRequest } from './fixtures';

const PAGE = 'http://127.0.0.1:4321/Admin#/csv-upload';
const HOUR = 3_600_000;

/** Browser tabs as the tracker sees them: open, navigate, close. */
const openTabs = new Map<number, string>();
let nextTabId = 1;

async function openUploadTab(url = PAGE) {
  const tabId = nextTabId++;
  openTabs.set(tabId, url);
  return { tabId, url };
}

const probeTab = async (tabId: number) => (openTabs.has(tabId) ? { url: openTabs.get(tabId)! } : undefined);

/** The browser around the worker (storage, badge, tabs): it outlives worker restarts. */
let browser: MemoryBrowser;

/** A tracker as the background creates one (a new one per worker start), seeing the tabs above. */
function createTracker(overrides: Partial<TrackerDeps> = {}) {
  return startWorker({ browser, tracker: { probeTab, ...overrides } }).tracker;
}

const listSubmissions = async () => listIn(await testDb());
const saveSubmissions = async (changes: Parameters<typeof saveIn>[1]) => saveIn(await testDb(), changes);
const saveSettings = (patch: Parameters<ReturnType<typeof createSettingsStore>['save']>[0]) => createSettingsStore(browser.local).save(patch);

beforeEach(async () => {
  browser = memoryBrowser();
  await clearHistory();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the upload slot', () => {
  it('gives exactly one of two tabs asking at the same moment the slot, and tells the other why', async () => {
    const tracker = createTracker();
    const [a, b] = [await openUploadTab(), await openUploadTab()];
    const [first, second] = await Promise.all([tracker.acquire(slotRequest('a.csv'), a), tracker.acquire(slotRequest('b.csv'), b)]);
    expect([first.granted, second.granted].sort()).toEqual([false, true]);
    const refused = first.granted ? second : first;
    expect(refused).toMatchObject({
      granted: false,
      slot: { state: 'held', yours: false, submission: { fileName: first.granted ? 'a.csv' : 'b.csv' } },
    });
  });

  it('grants one and only one, however many tabs ask together', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), async (tabs) => {
        await clearHistory();
        const tracker = createTracker();
        const senders = await Promise.all(Array.from({ length: tabs }, () => openUploadTab()));
        const decisions = await Promise.all(senders.map((s, i) => tracker.acquire(slotRequest(`file-${i}.csv`), s)));
        expect(decisions.filter((d) => d.granted)).toHaveLength(1);
        const inFlight = (await listSubmissions()).filter((s) => s.state === 'preparing' || s.state === 'processing');
        expect(inFlight).toHaveLength(1);
      }),
      { numRuns: 8 },
    );
  });

  it('keeps the hold after the worker is stopped: a fresh tracker reads it back from storage', async () => {
    const tab = await openUploadTab();
    const before = createTracker();
    const granted = await before.acquire(slotRequest('march.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    await before.markProcessing(granted.submission.id, tab);

    const afterRestart = createTracker();
    const other = await openUploadTab();
    expect(await afterRestart.status(other)).toMatchObject({ state: 'held', submission: { fileName: 'march.csv', state: 'processing' } });
    expect(await afterRestart.acquire(slotRequest('april.csv'), other)).toMatchObject({ granted: false });
  });

  it('keeps the prediction with the submission in storage (creates with their keys), and reads older records without it', async () => {
    const tab = await openUploadTab();
    const tracker = createTracker();
    const creates = [{ rowHash: '0123456789abcdef', email: 'nia.new@nhs.net', nameMobile: 'nia|new#07700900555' }];
    const granted = await tracker.acquire({ ...slotRequest('march.csv'), predictedUpdateLocalIds: ['RXX000001'], predictedCreates: creates }, tab);
    if (!granted.granted) throw new Error('expected the slot');
    await tracker.markProcessing(granted.submission.id, tab);
    // What a restarted worker reads back from IndexedDB.
    const [kept] = await listSubmissions();
    expect(kept).toMatchObject({ state: 'processing', predictedUpdateLocalIds: ['RXX000001'], predictedCreates: creates });

    // A record kept before the prediction was: still tracked, and still unsafe to repeat once marked finished.
    const { predictedCreates: _c, predictedUpdateLocalIds: _u, ...older } = kept!;
    await saveSubmissions({ put: [older] });
    const finished = await tracker.finish(older.id);
    expect(finished.predictedCreates).toBeUndefined();
    expect(isUnsafeToRepeat(finished)).toBe(true);
  });

  it('keeps a processing submission across a browser restart, but drops a preparing one', async () => {
    const tab = await openUploadTab();
    const tracker = createTracker({ browserSession: async () => 'before-restart' });
    const prep = await tracker.acquire(slotRequest('never-uploaded.csv'), tab);
    expect(prep.granted).toBe(true);
    const restarted = createTracker({ browserSession: async () => 'after-restart' });
    expect(await restarted.status({})).toEqual({ state: 'free' });

    const uploaded = await restarted.acquire(slotRequest('uploaded.csv'), tab);
    if (!uploaded.granted) throw new Error('expected the slot');
    await restarted.markProcessing(uploaded.submission.id, tab);
    const restartedAgain = createTracker({ browserSession: async () => 'third-session' });
    expect(await restartedAgain.status({})).toMatchObject({ state: 'held', submission: { fileName: 'uploaded.csv' } });
  });

  it('frees a preparing slot when its tab closes, but not a processing one', async () => {
    const tracker = createTracker();
    const tab = await openUploadTab();
    await tracker.acquire(slotRequest('a.csv'), tab);
    expect(await tracker.releaseForClosedTab(tab.tabId)).toBe(true);
    expect(await tracker.status({})).toEqual({ state: 'free' });

    const granted = await tracker.acquire(slotRequest('b.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    await tracker.markProcessing(granted.submission.id, tab);
    expect(await tracker.releaseForClosedTab(tab.tabId)).toBe(false);
    openTabs.delete(tab.tabId);
    expect(await tracker.status({})).toMatchObject({ state: 'held', submission: { fileName: 'b.csv' } });
  });

  it('keeps holding, as processing, a file whose Upload was clicked when its tab closes before the portal confirms', async () => {
    const tracker = createTracker();
    const tab = await openUploadTab();
    const granted = await tracker.acquire(slotRequest('clicked.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    await tracker.markUploadClicked(granted.submission.id, tab);
    openTabs.delete(tab.tabId);
    expect(await tracker.releaseForClosedTab(tab.tabId)).toBe(false);
    const status = await tracker.status({});
    expect(status).toMatchObject({
      state: 'held',
      submission: { fileName: 'clicked.csv', state: 'processing', note: expect.stringMatching(/may have been uploaded/) },
    });
  });

  it('keeps holding a file whose Upload was clicked just before the browser closed', async () => {
    const tab = await openUploadTab();
    const before = createTracker({ browserSession: async () => 'before' });
    const granted = await before.acquire(slotRequest('clicked.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    await before.markUploadClicked(granted.submission.id, tab);
    const after = createTracker({ browserSession: async () => 'after' });
    expect(await after.status({})).toMatchObject({ state: 'held', submission: { state: 'processing' } });
    expect(await after.acquire(slotRequest('next.csv'), await openUploadTab())).toMatchObject({ granted: false });
  });

  it('frees a preparing slot whose tab has gone or left the upload page, when anyone next asks', async () => {
    const tracker = createTracker();
    const holder = await openUploadTab();
    const other = await openUploadTab();
    await tracker.acquire(slotRequest('a.csv'), holder);
    openTabs.set(holder.tabId, 'https://www.example.org/');
    expect(await tracker.acquire(slotRequest('b.csv'), other)).toMatchObject({ granted: true });

    openTabs.delete(other.tabId);
    expect(await tracker.status(holder)).toEqual({ state: 'free' });
  });

  it('releases only a preparing submission, and leaves no history for it', async () => {
    const tracker = createTracker();
    const tab = await openUploadTab();
    const granted = await tracker.acquire(slotRequest('a.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    expect(await tracker.release(granted.submission.id, tab)).toBe(true);
    expect(await listSubmissions()).toEqual([]);

    const again = await tracker.acquire(slotRequest('a.csv'), tab);
    if (!again.granted) throw new Error('expected the slot');
    await tracker.markProcessing(again.submission.id, tab);
    expect(await tracker.release(again.submission.id, tab)).toBe(false);
    expect(await tracker.status({})).toMatchObject({ state: 'held' });
  });

  it('frees the slot when the admin marks the upload as finished', async () => {
    const tracker = createTracker();
    const tab = await openUploadTab();
    const granted = await tracker.acquire(slotRequest('a.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    await tracker.markProcessing(granted.submission.id, tab);
    expect(await tracker.finish(granted.submission.id)).toMatchObject({ state: 'finished' });
    expect(await tracker.acquire(slotRequest('b.csv'), await openUploadTab())).toMatchObject({ granted: true });
  });

  it('keeps in the history what the resubmission check needs', async () => {
    const tracker = createTracker();
    const tab = await openUploadTab();
    const granted = await tracker.acquire(slotRequest('march.csv', ['X1', 'X2', 'X3']), tab);
    if (!granted.granted) throw new Error('expected the slot');
    await tracker.markProcessing(granted.submission.id, tab);
    await tracker.recordResults(
      granted.submission.id,
      { succeeded: 2, failed: 1, unknown: 0, appliedLocalIds: ['X1', 'X3'], failedLocalIds: ['X2'] },
      { resultsFileName: 'march-results.csv' },
    );
    const [record] = await listSubmissions();
    expect(record).toMatchObject({
      fileName: 'march.csv',
      fingerprint: slotRequest('march.csv', ['X1', 'X2', 'X3']).fingerprint,
      rowCount: 3,
      localIds: ['X1', 'X2', 'X3'],
      state: 'results-received',
      outcome: { appliedLocalIds: ['X1', 'X3'], failedLocalIds: ['X2'] },
    });
    expect(await tracker.status({})).toEqual({ state: 'free' });
  });
});

describe('expiry', () => {
  it('expires a processing upload with no results after 24 hours by default, with a visible note, and frees the slot', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 2, 2, 9, 0));
    const tracker = createTracker();
    const tab = await openUploadTab();
    const granted = await tracker.acquire(slotRequest('slow.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    await tracker.markProcessing(granted.submission.id, tab);

    vi.advanceTimersByTime(23 * HOUR);
    expect(await tracker.expire()).toEqual([]);
    expect(await tracker.status({})).toMatchObject({ state: 'held' });

    vi.advanceTimersByTime(1 * HOUR);
    const [expired] = await tracker.expire();
    expect(expired).toMatchObject({ fileName: 'slow.csv', state: 'expired' });
    expect(expired?.note).toMatch(/No results after 24 hours/);
    expect(await tracker.status({})).toEqual({ state: 'free' });
    expect((await listSubmissions())[0]?.note).toMatch(/check the portal/);
  });

  it('follows the expiry setting', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 2, 2, 9, 0));
    await saveSettings({ submissionExpiryHours: 2 });
    const tracker = createTracker();
    const tab = await openUploadTab();
    const granted = await tracker.acquire(slotRequest('slow.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    await tracker.markProcessing(granted.submission.id, tab);
    vi.advanceTimersByTime(2 * HOUR);
    expect(await tracker.expire()).toHaveLength(1);
  });
});

describe('upload integrity at the slot', () => {
  it('counts a let-through Upload as in flight at once, and never grants its submission the slot again', async () => {
    const tracker = createTracker();
    const tab = await openUploadTab();
    const granted = await tracker.acquire(slotRequest('once.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    const clicked = await tracker.markUploadClicked(granted.submission.id, tab);
    expect(clicked).toMatchObject({ state: 'processing', note: expect.stringMatching(/not confirmed it yet/) });
    // The same tab asking again with the same file (a second click, a re-rendered page) is refused.
    expect(await tracker.acquire(slotRequest('once.csv'), tab)).toMatchObject({ granted: false, slot: { state: 'held', yours: false } });
    // The portal's notice only confirms.
    const confirmed = await tracker.markProcessing(granted.submission.id, tab);
    expect(confirmed.state).toBe('processing');
    expect(confirmed).not.toHaveProperty('note');
  });

  it('asks for a new check when the history changed since the file was checked', async () => {
    const tracker = createTracker();
    const tab = await openUploadTab();
    const historyAtCheck = await listSubmissions();
    const first = await tracker.acquire(slotRequest('a.csv', ['RXX1']), tab);
    if (!first.granted) throw new Error('expected the slot');
    await tracker.markUploadClicked(first.submission.id, tab);
    await tracker.recordResults(
      first.submission.id,
      { succeeded: 0, failed: 1, unknown: 0, appliedLocalIds: [], failedLocalIds: ['RXX1'] },
      { resultsFileName: 'r.csv' },
    );

    const other = await openUploadTab();
    expect(await tracker.acquire(slotRequest('a.csv', ['RXX1']), other, { historyAtCheck })).toMatchObject({ granted: false, recheck: true });
    expect(await tracker.acquire(slotRequest('a.csv', ['RXX1']), other, { historyAtCheck: await listSubmissions() })).toMatchObject({
      granted: true,
    });
  });

  it('does not count another tab’s preparing claim as a change of history', async () => {
    const tracker = createTracker();
    const historyAtCheck = await listSubmissions();
    const tab = await openUploadTab();
    await tracker.acquire(slotRequest('claimed.csv'), await openUploadTab());
    await tracker.release((await listSubmissions())[0]!.id);
    expect(await tracker.acquire(slotRequest('mine.csv'), tab, { historyAtCheck })).toMatchObject({ granted: true });
  });

  it('moves a claim with no Upload clicked to the tab that asks "Upload from this tab instead", but never an uploaded one', async () => {
    const tracker = createTracker();
    const [a, b] = [await openUploadTab(), await openUploadTab()];
    const claimed = await tracker.acquire(slotRequest('a.csv'), a);
    if (!claimed.granted) throw new Error('expected the slot');
    expect(await tracker.acquire(slotRequest('b.csv'), b)).toMatchObject({ granted: false });
    const moved = await tracker.takeOver(slotRequest('b.csv'), b);
    expect(moved).toMatchObject({ granted: true, submission: { fileName: 'b.csv', tabId: b.tabId } });
    expect(await tracker.status(a)).toMatchObject({ state: 'held', yours: false, submission: { fileName: 'b.csv' } });
    expect((await listSubmissions()).map((s) => s.fileName)).toEqual(['b.csv']);

    if (!moved.granted) throw new Error('expected the slot');
    await tracker.markUploadClicked(moved.submission.id, b);
    expect(await tracker.takeOver(slotRequest('a.csv'), a)).toMatchObject({ granted: false });
  });

  it('expires a processing upload when the slot is read, even if the alarm never ran', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 2, 2, 9, 0));
    const tracker = createTracker();
    const tab = await openUploadTab();
    const granted = await tracker.acquire(slotRequest('slow.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    await tracker.markProcessing(granted.submission.id, tab);
    vi.advanceTimersByTime(25 * HOUR);
    expect(await tracker.status({})).toEqual({ state: 'free' });
    expect((await listSubmissions())[0]).toMatchObject({ state: 'expired' });
  });
});

describe('telling everyone', () => {
  it('shows the slot on the toolbar badge, naming the file, and clears it when free', async () => {
    const tracker = createTracker();
    const tab = await openUploadTab();
    const granted = await tracker.acquire(slotRequest('march.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    expect(browser.badge.text).toBe('1');
    await tracker.markProcessing(granted.submission.id, tab);
    expect(browser.badge.text).toBe('⏳');
    expect(browser.badge.title).toContain('"march.csv"');
    await tracker.finish(granted.submission.id);
    expect(browser.badge.text).toBe('');
  });

  it('sends every tab that asked the new slot as that tab sees it', async () => {
    const sent = browser.toTabs;
    const tracker = createTracker();
    const a = await openUploadTab();
    const b = await openUploadTab();
    await tracker.status(b);
    await tracker.acquire(slotRequest('march.csv'), a);
    const toA = sent.filter((s) => s.tabId === a.tabId).at(-1)?.event;
    const toB = sent.filter((s) => s.tabId === b.tabId).at(-1)?.event;
    expect(toA).toMatchObject({ type: 'slot-changed', slot: { state: 'held', yours: true } });
    expect(toB).toMatchObject({ type: 'slot-changed', slot: { state: 'held', yours: false, submission: { fileName: 'march.csv' } } });
  });

  it('keeps telling tabs after the worker restarts (it remembers them in storage)', async () => {
    const sent = browser.toTabs;
    const watcher = await openUploadTab();
    await createTracker().status(watcher);
    await createTracker().acquire(slotRequest('march.csv'), await openUploadTab());
    expect(sent.map((s) => s.tabId)).toContain(watcher.tabId);
  });
});

describe('after a browser restart', () => {
  it('draws the badge again as soon as any page asks about the slot', async () => {
    const tab = await openUploadTab();
    const tracker = createTracker();
    const granted = await tracker.acquire(slotRequest('march.csv'), tab);
    if (!granted.granted) throw new Error('expected the slot');
    await tracker.markProcessing(granted.submission.id, tab);
    browser.badge.text = ''; // the browser restarted: badge forgotten
    await createTracker().status({});
    expect(browser.badge.text).toBe('⏳');
  });
});
