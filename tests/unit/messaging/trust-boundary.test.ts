import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { REPORT_IMPORT_PORT } from '../../../lib/messaging/reports-protocol';
import { createConnectListener } from '../../../lib/messaging/port-router';
import { MESSAGES, type MessageType, type Reply } from '../../../lib/messaging/protocol';
import { createMessageListener, type Handlers } from '../../../lib/messaging/router';
import { classifySender } from '../../../lib/messaging/sender-trust';
import { handleReportImportPort } from '../../../lib/store/import-port';
import { listSubmissions } from '../../../lib/submissions/history-store';
import { startWorker, testDb } from '../../support/background';
import { EXTENSION_PAGE, PORTAL_PAGE_URL, portalTab, TEST_TRUST } from '../../support/senders';
import { clearHistory, slotRequest } from '../submissions/fixtures';
import { generatePeople, importPeople, mailboxReportCsv } from '../store/helpers';
import { ImportsInProgress } from '../../../lib/store/imports-in-progress';
import { LookupCache } from '../../../lib/store/lookup-cache';

type Sender = Parameters<ReturnType<typeof createMessageListener>>[1];

/** The background's real data handlers over the shared test database, behind the real router. */
function background() {
  const { tracker, settings, handlers } = startWorker({
    tracker: { probeTab: async () => ({ url: PORTAL_PAGE_URL }) },
    submissions: { checkedUpload: (checkId) => (checkId === 'check-1' ? slotRequest('one.csv') : undefined) },
    results: { existingAccounts: async () => ({ byLocalId: new Map(), byEmail: new Map() }) },
  });
  const listen = createMessageListener(handlers, TEST_TRUST);
  return {
    tracker,
    settings,
    send: (sender: Sender, type: string, data: unknown = {}) => listen({ channel: 'csv-guard', type, data }, sender) as Promise<Reply>,
  };
}

async function storedCounts() {
  const db = await testDb();
  return { reports: await db.count('reports'), chunks: await db.count('reportChunks'), submissions: (await listSubmissions(db)).length };
}

beforeEach(async () => {
  const db = await testDb();
  await Promise.all([db.clear('reports'), db.clear('reportChunks'), db.clear('reportKeys'), clearHistory()]);
});

describe('a portal tab asking for stored data', () => {
  it('is refused deletion, history, report lists, reconciliation and settings, and nothing changes', async () => {
    const { send, tracker, settings } = background();
    await importPeople(await testDb(), generatePeople(5));
    const granted = await tracker.acquire(slotRequest('earlier.csv'), { tabId: 3, url: PORTAL_PAGE_URL });
    if (!granted.granted) throw new Error('expected the slot');
    const before = await storedCounts();
    const settingsBefore = await settings.load();
    expect(before).toMatchObject({ reports: 1, submissions: 1 });
    expect(before.chunks).toBeGreaterThan(0);

    const tab = portalTab(3);
    const refused: MessageType[] = [];
    for (const [type, data] of [
      ['data-delete-all', {}],
      ['report-delete', { orgId: 'trust a' }],
      ['history-list', {}],
      ['reports-list', {}],
      ['submission-finish', { submissionId: granted.submission.id }],
      ['results-reconcile', { fileName: 'results.csv', text: 'ID,Result\r\n1,Success', encoding: 'utf-8' }],
      ['settings-get', {}],
      ['settings-save', { patch: { retentionDays: 1 } }],
    ] as const) {
      refused.push(type);
      expect(await send(tab, type, data), type).toEqual({
        ok: false,
        error: `CSV Guard refused "${type}" from a portal page: only CSV Guard's own pages may ask for it. Nothing was changed.`,
      });
    }
    // Every message whose audience is the extension's own pages was tried (the import port: below).
    expect(refused.sort()).toEqual((Object.keys(MESSAGES) as MessageType[]).filter((type) => MESSAGES[type].from === 'extension').sort());
    expect(await storedCounts()).toEqual(before);
    expect(await settings.load()).toEqual(settingsBefore);
    expect((await tracker.status({})).state).toBe('held');

    // The same requests from the options page work.
    expect(await send(EXTENSION_PAGE, 'history-list')).toMatchObject({ ok: true, data: { submissions: [{ fileName: 'earlier.csv' }] } });
    expect(await send(EXTENSION_PAGE, 'data-delete-all')).toMatchObject({ ok: true, data: { reports: 1, mailboxes: 5 } });
  });

  it('cannot open the import port: it is disconnected before a message is read, and no report is imported', async () => {
    const importPort = vi.fn((port: Runtime.Port) =>
      handleReportImportPort(port, { openDb: testDb, imports: new ImportsInProgress(), lookupCache: new LookupCache() }),
    );
    const connect = createConnectListener({ [REPORT_IMPORT_PORT]: importPort }, TEST_TRUST);
    const disconnect = vi.fn();
    const port = {
      name: REPORT_IMPORT_PORT,
      sender: portalTab(3),
      disconnect,
      onMessage: { addListener: vi.fn() },
      onDisconnect: { addListener: vi.fn() },
    };
    connect(port as unknown as Runtime.Port);
    expect(disconnect).toHaveBeenCalled();
    expect(importPort).not.toHaveBeenCalled();
    expect(port.onMessage.addListener).not.toHaveBeenCalled();

    const fromOptions = { ...port, sender: { url: 'chrome-extension://test-extension-id/options.html' }, disconnect: vi.fn() };
    connect(fromOptions as unknown as Runtime.Port);
    expect(importPort).toHaveBeenCalledTimes(1);
    expect(fromOptions.disconnect).not.toHaveBeenCalled();
  });

  it('answers a malformed import port message with an error and imports nothing', async () => {
    const received: unknown[] = [];
    let onMessage: ((message: unknown) => void) | undefined;
    const port = {
      name: REPORT_IMPORT_PORT,
      postMessage: (message: unknown) => received.push(message),
      onMessage: { addListener: (l: (m: unknown) => void) => (onMessage = l) },
      onDisconnect: { addListener: () => undefined },
    };
    handleReportImportPort(port as unknown as Runtime.Port, { openDb: testDb, imports: new ImportsInProgress(), lookupCache: new LookupCache() });
    onMessage!({ type: 'start', orgLabel: 'Trust A', fileName: 'Mailbox Report.csv', text: mailboxReportCsv(generatePeople(3)), extra: true });
    onMessage!({ type: 'start', fileName: 'Mailbox Report.csv' });
    expect(received).toEqual([
      { type: 'error', kind: 'unreadable', message: 'CSV Guard refused a malformed import message. Nothing was changed.' },
      { type: 'error', kind: 'unreadable', message: 'CSV Guard refused a malformed import message. Nothing was changed.' },
    ]);
    expect(await storedCounts()).toMatchObject({ reports: 0, chunks: 0 });
  });
});

describe('who may send the page’s messages', () => {
  it('accepts them from the Upload Users tab on the portal, and on the replica’s hosts in the e2e build', async () => {
    const { send } = background();
    expect(await send(portalTab(3), 'slot-status')).toEqual({ ok: true, data: { state: 'free' } });
    expect(await send(portalTab(4, 'http://127.0.0.1:43123/Admin#/csv-upload'), 'slot-acquire', { checkId: 'check-1' })).toMatchObject({
      ok: true,
      data: { outcome: 'granted' },
    });
  });

  it('refuses them from a tab on any other site, and from a sender with no address', async () => {
    const { send } = background();
    const elsewhere = portalTab(3, 'https://portal.nhs.net.example.com/Admin');
    expect(await send(elsewhere, 'slot-acquire', { checkId: 'check-1' })).toEqual({
      ok: false,
      error: `CSV Guard refused "slot-acquire" from an unknown sender: only the portal's Upload Users page or CSV Guard's own pages may ask for it. Nothing was changed.`,
    });
    expect(await send({}, 'slot-status')).toMatchObject({ ok: false, error: expect.stringContaining('from an unknown sender') });
    expect(await storedCounts()).toMatchObject({ submissions: 0 });
  });

  it('tells an extension page in a tab (the popup opened as a tab) from a content script', () => {
    expect(classifySender({ url: 'chrome-extension://test-extension-id/popup.html?view=tab', tab: { id: 9 } }, TEST_TRUST)).toBe('extension-page');
    expect(classifySender({ url: 'chrome-extension://another-extension/popup.html' }, TEST_TRUST)).toBe('unknown');
    expect(classifySender(portalTab(9), TEST_TRUST)).toBe('portal-page');
    // A portal address without a tab is not a content script.
    expect(classifySender({ url: PORTAL_PAGE_URL }, TEST_TRUST)).toBe('unknown');
  });
});

describe('malformed requests', () => {
  /** Handlers that record any call: a refused message must never reach one. */
  function spiedBackground() {
    const called: string[] = [];
    const handlers = Object.fromEntries(Object.keys(MESSAGES).map((type) => [type, () => void called.push(type)]));
    const listen = createMessageListener(handlers as unknown as Handlers, TEST_TRUST);
    return { called, send: (type: string, data: unknown) => listen({ channel: 'csv-guard', type, data }, EXTENSION_PAGE) as Promise<Reply> };
  }

  const types = Object.keys(MESSAGES) as MessageType[];

  it.each(types)('"%s" with a payload that is not an object, or carries an unknown field, is refused with a clear error', async (type) => {
    const { called, send } = spiedBackground();
    for (const data of ['text', null, [], { unexpectedField: 1 }]) {
      const reply = await send(type, data);
      expect(reply).toEqual({
        ok: false,
        error: expect.stringMatching(new RegExp(`^CSV Guard refused a malformed "${type}" message \\(.+\\)\\. Nothing was changed\\.$`)),
      });
    }
    expect(called).toEqual([]);
  });

  it('names the field that is wrong', async () => {
    const { send } = spiedBackground();
    expect(await send('check-upload', { checkId: 'c1', encoding: 'utf-8', partCount: 1 })).toMatchObject({
      error: expect.stringContaining('fileName:'),
    });
    expect(await send('check-upload-part', { checkId: 'c1', index: -1, count: 1, text: '' })).toMatchObject({
      error: expect.stringContaining('index:'),
    });
    expect(await send('export-file', { checkId: 'c1', kind: 'everything', fileName: 'a.csv' })).toMatchObject({
      error: expect.stringContaining('kind:'),
    });
    expect(await send('slot-acquire', { fileName: 'a.csv', fingerprint: 'f', rowCount: 1, header: [], localIds: [] })).toMatchObject({
      error: expect.stringContaining('checkId:'),
    });
    expect(await send('results-reconcile', { fileName: 'r.csv', text: '', encoding: 'latin-9' })).toMatchObject({
      error: expect.stringContaining('encoding:'),
    });
  });

  it('answers a message type it does not know, such as the removed lookup-mailboxes, with an error', async () => {
    const { called, send } = spiedBackground();
    expect(await send('lookup-mailboxes', { localIds: ['RXX1'], emails: [], nameKeys: [], mobiles: [] })).toEqual({
      ok: false,
      error: 'CSV Guard does not know the message "lookup-mailboxes".',
    });
    expect(await send('toString', {})).toMatchObject({ ok: false });
    expect(called).toEqual([]);
  });
});
