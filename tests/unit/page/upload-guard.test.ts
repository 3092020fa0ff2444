import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckReport } from '../../../lib/messaging/checks-protocol';
import type { MessageType, RequestOf, ResponseOf } from '../../../lib/messaging/protocol';
import { currentHold } from '../../../lib/page/upload-decision';
import { UploadGuard, type ForcedErrorPoint } from '../../../lib/page/upload-guard';
import type { Submission } from '../../../lib/submissions/types';
import { blockingReport, makeReport } from './fixtures';

type Handlers = { [K in MessageType]?: (data: RequestOf<K>) => Promise<ResponseOf<K>> | ResponseOf<K> };

const VIEW = `
  <h1>Upload Users</h1>
  <a href="/Admin/SampleFiles/NewFormat.csv">Sample File (new format)</a>
  <div class="browse"><label>Browse</label><input type="file"></div>
  <button type="button" id="validate">Validate</button>
  <section aria-label="Validation results"></section>
  <button type="button" id="upload">Upload</button>`;

function submission(id: string, state: Submission['state'] = 'preparing'): Submission {
  return { id, state, fileName: 'updates.csv', fingerprint: 'abc123', rowCount: 3, header: [], localIds: [], createdAt: 1, updatedAt: 1 };
}

/** A fake portal page plus a fake background, with the guard started on it. */
function setUp(
  options: {
    report?: CheckReport;
    handlers?: Handlers;
    forcedError?: ForcedErrorPoint;
    view?: string;
    reRenderGraceMs?: number;
    newCheckId?: () => string;
  } = {},
) {
  document.body.innerHTML = `<main id="app">${options.view ?? VIEW}</main>`;
  const portal = { uploads: 0, validations: 0 };
  document.addEventListener('click', (event) => {
    const id = (event.target as Element).closest('button')?.id;
    if (id === 'upload') portal.uploads++;
    if (id === 'validate') portal.validations++;
  });
  const calls: { type: MessageType; data: unknown }[] = [];
  let checkIds = 0;
  const handlers: Handlers = {
    // As a browser with JSON messages answers: the File arrived as {}, so the page sends the text.
    'check-upload-file': () => ({ outcome: 'send-text' }),
    'check-upload-part': (data) => ({ received: data.index + 1 }),
    'check-upload': () => ({ outcome: 'checked', report: options.report ?? makeReport() }),
    'slot-acquire': () => ({ outcome: 'granted', submission: submission('s1') }),
    'slot-release': () => ({ released: true }),
    'submission-processing': (data) => submission(data.submissionId, 'processing'),
    'submission-upload-clicked': (data) => submission(data.submissionId, 'preparing'),
    'template-learnt': () => ({ saved: true }),
    'slot-status': () => ({ state: 'free' }),
    ...options.handlers,
  };
  const send = vi.fn(async <K extends MessageType>(type: K, data: RequestOf<K>): Promise<ResponseOf<K>> => {
    calls.push({ type, data });
    const handler = handlers[type] as ((data: RequestOf<K>) => ResponseOf<K>) | undefined;
    if (!handler) throw new Error(`no fake for ${type}`);
    return handler(data);
  });
  const download = vi.fn();
  const guard = new UploadGuard({
    doc: document,
    send: send as never,
    readFile: async (file) => ({ text: await file.text(), encoding: 'utf-8' }),
    fetchText: async () => 'ID,ExternalSyncID,Title\r\n',
    download,
    // A new id per call: a re-check that chose a new id instead of the file's one id would show as check-2.
    newCheckId: options.newCheckId ?? (() => `check-${++checkIds}`),
    forcedError: () => options.forcedError,
    timing: {
      refreshDelayMs: 0,
      notRecognisedAfterMs: 0,
      validationSettleMs: 0,
      templateWaitMs: 0,
      reRenderGraceMs: options.reRenderGraceMs ?? 60_000,
    },
  });
  guard.start();
  stopGuard = () => guard.stop();
  const sent = (type: MessageType) => calls.filter((call) => call.type === type);
  return { guard, portal, send, sent, download };
}

let stopGuard: (() => void) | undefined;
afterEach(() => {
  stopGuard?.();
  stopGuard = undefined;
  document.body.innerHTML = '';
  window.location.hash = '';
});

function chooseFile(name = 'updates.csv', content = 'ID,ExternalSyncID\r\n1,RXX1\r\n') {
  const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', { value: [new File([content], name, { type: 'text/csv' })], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const click = (id: string) => document.getElementById(id)!.click();

async function checked(guard: UploadGuard) {
  await vi.waitFor(() => expect(guard.getState().check.kind).toBe('done'));
}

describe('UploadGuard on the Upload Users page', () => {
  it('recognises the view and learns the template from the sample file link', async () => {
    const { guard, sent } = setUp();
    expect(guard.getState().recognised).toBe('yes');
    await vi.waitFor(() => expect(sent('template-learnt')).toHaveLength(1));
    expect(sent('template-learnt')[0]!.data).toMatchObject({ header: ['ID', 'ExternalSyncID', 'Title'] });
  });

  it('checks a chosen file through the background', async () => {
    const { guard, sent } = setUp();
    chooseFile('updates.csv', 'ID,ExternalSyncID\r\n1,RXX1\r\n');
    expect(guard.getState().check.kind).toBe('checking');
    await checked(guard);
    // The text travels in slices before the check itself, which only says how many.
    expect(sent('check-upload-part').map((call) => call.data)).toEqual([
      { checkId: 'check-1', index: 0, count: 1, text: 'ID,ExternalSyncID\r\n1,RXX1\r\n' },
    ]);
    expect(sent('check-upload')[0]!.data).toEqual({ checkId: 'check-1', fileName: 'updates.csv', encoding: 'utf-8', partCount: 1 });
  });

  it('asks the background to get ready when the view is shown and when Browse is clicked, before any file is chosen', async () => {
    const { guard, sent } = setUp({ handlers: { 'prepare-check': () => ({ prepared: true }) } });
    expect(sent('prepare-check')).toHaveLength(1);
    document.querySelector<HTMLInputElement>('input[type=file]')!.click();
    expect(sent('prepare-check')).toHaveLength(2);
    expect(guard.getState().check.kind).toBe('idle');
    // Only a read-ahead: the file is checked as ever once chosen.
    chooseFile();
    await checked(guard);
  });

  it('checks and holds exactly as before when the background cannot be asked to get ready', async () => {
    const { guard, portal } = setUp({
      handlers: { 'prepare-check': () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')) },
      report: blockingReport(),
    });
    document.querySelector<HTMLInputElement>('input[type=file]')!.click();
    chooseFile();
    await checked(guard);
    click('upload');
    expect(portal.uploads).toBe(0);
    expect(guard.getState().fault).toBeUndefined();
  });

  it('hands the chosen File itself to the background where messages can carry it: nothing read or sent in slices', async () => {
    let received: Blob | undefined;
    const { guard, sent } = setUp({
      handlers: {
        'check-upload-file': (data) => {
          received = data.file;
          return { outcome: 'checked', report: makeReport() };
        },
      },
    });
    chooseFile('updates.csv');
    await checked(guard);
    expect(received).toBe(document.querySelector<HTMLInputElement>('input[type=file]')!.files![0]);
    expect(sent('check-upload-file')[0]!.data).toMatchObject({ checkId: 'check-1', fileName: 'updates.csv' });
    expect(sent('check-upload-part')).toEqual([]);
    expect(sent('check-upload')).toEqual([]);
    // Checked again (the worker was stopped, or the history changed): the same File under the same id.
    guard.retry();
    await vi.waitFor(() => expect(sent('check-upload-file')).toHaveLength(2));
    await checked(guard);
    expect(sent('check-upload-file').map((call) => (call.data as RequestOf<'check-upload-file'>).checkId)).toEqual(['check-1', 'check-1']);
    expect(sent('check-upload-part')).toEqual([]);
  });

  it('sends the text in slices when the File did not cross as one (JSON messages), and stops offering the File', async () => {
    const { guard, sent } = setUp();
    chooseFile('first.csv');
    await checked(guard);
    expect(sent('check-upload-file')).toHaveLength(1);
    expect(sent('check-upload')).toHaveLength(1);
    chooseFile('second.csv');
    await vi.waitFor(() => expect(sent('check-upload')).toHaveLength(2));
    await checked(guard);
    expect(sent('check-upload-file')).toHaveLength(1);
  });

  it('sends the text in slices when the File cannot be sent at all, and the check ends as usual', async () => {
    const { guard, sent } = setUp({
      handlers: {
        'check-upload-file': () => {
          throw new DOMException('A File could not be cloned.', 'DataCloneError');
        },
      },
    });
    chooseFile('updates.csv', 'ID,ExternalSyncID\r\n1,RXX1\r\n');
    await checked(guard);
    expect(sent('check-upload-part').map((call) => (call.data as RequestOf<'check-upload-part'>).text)).toEqual(['ID,ExternalSyncID\r\n1,RXX1\r\n']);
  });

  it('gives each chosen file one id, kept when the same file is checked again and new for the next file', async () => {
    let ids = 0;
    const { guard, sent } = setUp({ newCheckId: () => `file-${++ids}` });
    chooseFile('first.csv');
    await checked(guard);
    guard.retry();
    await vi.waitFor(() => expect(sent('check-upload')).toHaveLength(2));
    await checked(guard);
    chooseFile('second.csv');
    await vi.waitFor(() => expect(sent('check-upload')).toHaveLength(3));
    expect(sent('check-upload').map((call) => (call.data as RequestOf<'check-upload'>).checkId)).toEqual(['file-1', 'file-1', 'file-2']);
    expect(sent('check-upload-part').map((call) => (call.data as RequestOf<'check-upload-part'>).checkId)).toEqual(['file-1', 'file-1', 'file-2']);
  });

  it('sends a large file in several slices that join up to exactly the file', async () => {
    const { guard, sent } = setUp();
    const big = `ID,ExternalSyncID\r\n${Array.from({ length: 40_000 }, (_, i) => `${i},RXX${i}\u00e9😀`).join('\r\n')}`;
    chooseFile('big.csv', big);
    await checked(guard);
    const parts = sent('check-upload-part').map((call) => call.data as RequestOf<'check-upload-part'>);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.index)).toEqual(parts.map((_, i) => i));
    expect(parts.every((p) => p.count === parts.length)).toBe(true);
    expect(parts.map((p) => p.text).join('')).toBe(big);
    expect(sent('check-upload')[0]!.data).toMatchObject({ partCount: parts.length });
  });

  it('shows progress events for its own check only', async () => {
    let finish: (value: ResponseOf<'check-upload'>) => void = () => undefined;
    const { guard, sent } = setUp({ handlers: { 'check-upload': () => new Promise((resolve) => (finish = resolve)) } });
    chooseFile();
    await vi.waitFor(() => expect(sent('check-upload')).toHaveLength(1));
    guard.handleMessage({ type: 'check-progress', checkId: 'someone-else', phase: 'checking', fraction: 0.9 });
    guard.handleMessage({ type: 'check-progress', checkId: 'check-1', phase: 'looking-up', fraction: 0.3 });
    expect(guard.getState().check).toMatchObject({ kind: 'checking', phase: 'looking-up', fraction: 0.3 });
    finish({ outcome: 'checked', report: makeReport() });
    await checked(guard);
  });

  it('lets a clean file upload: takes the slot, replays the click once, then reports the submission in flight', async () => {
    const { guard, portal, sent } = setUp();
    chooseFile();
    await checked(guard);
    click('upload');
    await vi.waitFor(() => expect(portal.uploads).toBe(1));
    // The background takes the file's local IDs from its own copy of the check.
    expect(sent('slot-acquire')[0]!.data).toEqual({ checkId: 'check-1' });
    expect(guard.getState().submissionId).toBe('s1');
    // The tracker hears of the click before the portal confirms, so a tab closed now keeps the slot held.
    await vi.waitFor(() => expect(sent('submission-upload-clicked')).toEqual([{ type: 'submission-upload-clicked', data: { submissionId: 's1' } }]));

    document
      .getElementById('app')!
      .insertAdjacentHTML(
        'beforeend',
        '<div role="alert">Upload successful. Your file is being processed and the results will be emailed to you.</div>',
      );
    await vi.waitFor(() => expect(sent('submission-processing')).toHaveLength(1));
    expect(sent('submission-processing')[0]!.data).toEqual({ submissionId: 's1' });
    await vi.waitFor(() => expect(guard.getState().upload).toBe('confirmed'));
    expect(portal.uploads).toBe(1);
  });

  it('lets the original click through untouched when the slot is already this file’s', async () => {
    const { guard, portal, sent } = setUp();
    chooseFile();
    await checked(guard);
    click('validate'); // preparing to upload: the slot is taken now
    expect(portal.validations).toBe(1);
    await vi.waitFor(() => expect(guard.getState().submissionId).toBe('s1'));
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    document.getElementById('upload')!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
    expect(portal.uploads).toBe(1);
    expect(sent('slot-acquire')).toHaveLength(1);
  });

  it('holds Upload while rows that would create accounts are not acknowledged, then lets it through', async () => {
    const { guard, portal, sent } = setUp({ report: blockingReport() });
    chooseFile();
    await checked(guard);
    click('upload');
    expect(portal.uploads).toBe(0);
    expect(guard.getState().heldClicks).toBe(1);
    expect(sent('slot-acquire')).toHaveLength(0);

    guard.acknowledgeKind('new-accounts', true);
    click('upload');
    await vi.waitFor(() => expect(portal.uploads).toBe(1));
  });

  it('holds Upload while another submission is in flight, and says which', async () => {
    const other = {
      state: 'held' as const,
      yours: false,
      submission: { id: 'other', state: 'processing' as const, fileName: 'ward.csv', createdAt: 1, processingAt: 2, tabId: 7, rowCount: 9 },
    };
    const { guard, portal } = setUp({ handlers: { 'slot-acquire': () => ({ outcome: 'refused', slot: other }) } });
    chooseFile();
    await checked(guard);
    click('upload');
    await vi.waitFor(() => expect(guard.getState().heldClicks).toBe(1));
    expect(portal.uploads).toBe(0);
    expect(guard.getState().slot).toEqual(other);
  });

  it('downloads corrected files built from the background’s copy of the check', async () => {
    const files = [
      { name: 'updates (batch 1 of 2).csv', content: 'a' },
      { name: 'updates (batch 2 of 2).csv', content: 'b' },
    ];
    const { guard, sent, download } = setUp({ handlers: { 'export-file': () => ({ outcome: 'built', files }) } });
    chooseFile('updates.csv', 'ID,ExternalSyncID\r\n1,RXX1\r\n');
    await checked(guard);
    await guard.exportFile('batches');
    expect(sent('export-file')[0]!.data).toEqual({ checkId: 'check-1', kind: 'batches', fileName: 'updates.csv' });
    expect(download.mock.calls.map(([file]) => file.name)).toEqual(files.map((f) => f.name));
  });

  it('sends the file again under the same check when a restarted worker has lost it, so nothing is lost', async () => {
    let known = true;
    const files = [{ name: 'updates (needs attention).csv', content: 'a' }];
    const { guard, sent, download } = setUp({
      handlers: {
        'export-file': () => (known ? { outcome: 'built', files } : { outcome: 'check-unknown' }),
        'check-upload': () => {
          known = true;
          return { outcome: 'checked', report: makeReport() };
        },
        'slot-acquire': () => (known ? { outcome: 'granted', submission: submission('s1') } : { outcome: 'check-unknown', slot: { state: 'free' } }),
      },
    });
    chooseFile('updates.csv', 'ID,ExternalSyncID\r\n1,RXX1\r\n');
    await checked(guard);
    known = false; // the worker was stopped
    await guard.exportFile('needs-attention');
    expect(sent('check-upload')[1]!.data).toMatchObject({ checkId: 'check-1', partCount: 1 });
    expect(sent('check-upload-part').at(-1)!.data).toMatchObject({ text: 'ID,ExternalSyncID\r\n1,RXX1\r\n' });
    expect(sent('export-file')).toHaveLength(2);
    expect(download).toHaveBeenCalledTimes(1);

    known = false;
    click('validate');
    await vi.waitFor(() => expect(guard.getState().submissionId).toBe('s1'));
    expect(sent('slot-acquire')).toHaveLength(2);
    expect(sent('check-upload')).toHaveLength(3);
  });

  it('fetches a page of one rule’s findings for "Show all"', async () => {
    const finding = { rule: 'missing-local-id' as const, severity: 'block' as const, line: 40, message: 'No local ID.' };
    const { guard, sent } = setUp({ handlers: { 'check-findings': () => ({ outcome: 'found', findings: [finding], total: 31 }) } });
    chooseFile();
    await checked(guard);
    expect(await guard.loadFindings('missing-local-id', 30, 100)).toEqual({ findings: [finding], total: 31 });
    expect(sent('check-findings')[0]!.data).toEqual({ checkId: 'check-1', rule: 'missing-local-id', offset: 30, limit: 100 });
  });

  it('says when a corrected file could not be prepared', async () => {
    const { guard } = setUp({ handlers: { 'export-file': () => Promise.reject(new Error('worker gone')) } });
    chooseFile();
    await checked(guard);
    await guard.exportFile('needs-attention');
    expect(guard.getState()).toMatchObject({ exporting: undefined, exportError: 'worker gone' });
  });

  it('says the check was lost, rather than download nothing, when the background loses it even after the file was sent again', async () => {
    const { guard, sent, download } = setUp({ handlers: { 'export-file': () => ({ outcome: 'check-unknown' }) } });
    chooseFile();
    await checked(guard);
    await guard.exportFile('needs-attention');
    expect(sent('check-upload')).toHaveLength(2);
    expect(download).not.toHaveBeenCalled();
    expect(guard.getState().exportError).toMatch(/no longer has this check; choose the file again/);
  });

  it('updates the slot live from broadcasts', async () => {
    const { guard } = setUp();
    const slot = {
      state: 'held' as const,
      yours: false,
      submission: { id: 'x', state: 'preparing' as const, fileName: 'x.csv', createdAt: 1, rowCount: 1 },
    };
    guard.handleMessage({ type: 'slot-changed', slot });
    expect(guard.getState().slot).toEqual(slot);
  });

  it('holds a click made while the file is still being checked', async () => {
    const { guard, portal } = setUp({ handlers: { 'check-upload': () => new Promise(() => undefined) } });
    chooseFile();
    click('upload');
    expect(portal.uploads).toBe(0);
    expect(guard.getState().heldClicks).toBe(1);
  });

  it('gives the slot back when another file is chosen before uploading', async () => {
    const { guard, sent } = setUp();
    chooseFile('first.csv');
    await checked(guard);
    click('validate');
    await vi.waitFor(() => expect(guard.getState().submissionId).toBe('s1'));
    chooseFile('second.csv');
    expect(sent('slot-release')[0]!.data).toEqual({ submissionId: 's1' });
  });

  it('reads the portal’s answer after Validate', async () => {
    const { guard } = setUp();
    chooseFile();
    await checked(guard);
    click('validate');
    expect(guard.getState().validation.kind).toBe('waiting');
    document.querySelector('section')!.innerHTML = '<h2>Users that will be updated</h2><p>2 users already exist and will be updated</p>';
    await vi.waitFor(() => expect(guard.getState().validation).toEqual({ kind: 'read', answer: { mentionsUpdates: true, updateCount: 2 } }));
  });

  it('reads the lines the portal rejected together with its update count', async () => {
    const { guard } = setUp();
    chooseFile();
    await checked(guard);
    click('validate');
    // As the portal renders it: the error list first, then the count in a separate block.
    const section = document.querySelector('section')!;
    section.innerHTML = '<ul><li>Line 3: Mobile number is not a valid UK mobile number</li></ul>';
    section.insertAdjacentHTML('beforeend', '<div><h2>Users that will be updated</h2><p>2 users already exist and will be updated</p></div>');
    await vi.waitFor(() =>
      expect(guard.getState().validation).toEqual({ kind: 'read', answer: { mentionsUpdates: true, updateCount: 2, errorLines: [3] } }),
    );
  });

  it('notices when the portal’s results have no "will be updated" message', async () => {
    const { guard } = setUp();
    chooseFile();
    await checked(guard);
    click('validate');
    document.querySelector('section')!.innerHTML = '<ul><li>Line 2: Mobile number is not valid</li></ul>';
    await vi.waitFor(() => expect(guard.getState().validation).toEqual({ kind: 'read', answer: { mentionsUpdates: false, errorLines: [2] } }));
  });

  it('ends in a retryable error when the background fails mid-check, and holds Upload until retried or overridden', async () => {
    let attempts = 0;
    const { guard, portal } = setUp({
      handlers: {
        'check-upload': () => {
          attempts++;
          if (attempts === 1) throw new Error('The message port closed before a response was received.');
          return { outcome: 'checked', report: makeReport() };
        },
        'slot-acquire': () => {
          throw new Error('background unavailable');
        },
      },
    });
    chooseFile();
    await vi.waitFor(() => expect(guard.getState().check).toMatchObject({ kind: 'error', retryable: true, cause: 'background' }));
    click('upload');
    expect(portal.uploads).toBe(0);
    expect(currentHold(guard.getState())).toMatchObject({ kind: 'cannot-decide', cause: 'background' });

    guard.retry();
    await checked(guard);
    expect(attempts).toBe(2);
    // The slot cannot be asked for: held again, never let through silently.
    click('upload');
    await vi.waitFor(() => expect(guard.getState().fault).toMatchObject({ cause: 'background', message: 'background unavailable' }));
    expect(portal.uploads).toBe(0);

    // The admin chose "Upload without CSV Guard's checks" and confirmed: exactly one upload.
    guard.uploadWithoutChecks();
    expect(portal.uploads).toBe(1);
    guard.uploadWithoutChecks();
    click('upload');
    expect(portal.uploads).toBe(1);
    expect(currentHold(guard.getState())).toMatchObject({ kind: 'uploaded' });
  });

  it('gives up on a background that never answers, leaving a retryable state', async () => {
    document.body.innerHTML = `<main id="app">${VIEW}</main>`;
    const guard = new UploadGuard({
      doc: document,
      send: (async () => new Promise(() => undefined)) as never,
      readFile: async (file) => ({ text: await file.text(), encoding: 'utf-8' }),
      fetchText: async () => '',
      download: vi.fn(),
      newCheckId: () => 'check-1',
      timing: { refreshDelayMs: 0, checkSilenceMs: 5, templateWaitMs: 0 },
    });
    guard.start();
    stopGuard = () => guard.stop();
    chooseFile();
    await vi.waitFor(() =>
      expect(guard.getState().check).toMatchObject({ kind: 'error', retryable: true, message: expect.stringMatching(/stopped answering/) }),
    );
  });

  it('holds Upload when CSV Guard itself fails while handling the click, and the blocking result stays', async () => {
    const { guard, portal } = setUp({ report: blockingReport(), forcedError: 'click' });
    chooseFile();
    await checked(guard);
    click('upload');
    expect(portal.uploads).toBe(0);
    expect(guard.getState().fault).toMatchObject({ cause: 'internal', message: expect.stringMatching(/test asked/) });
    // An internal error never replaces a blocking result.
    expect(guard.getState().check.kind).toBe('done');
    expect(currentHold(guard.getState())).toMatchObject({ kind: 'unacknowledged' });
  });

  it('holds Upload after a failure before the check, and the override lets exactly one upload through', async () => {
    const { guard, portal } = setUp({ forcedError: 'check' });
    chooseFile();
    await vi.waitFor(() => expect(guard.getState().check).toMatchObject({ kind: 'error', cause: 'internal' }));
    click('upload');
    click('upload');
    expect(portal.uploads).toBe(0);
    guard.uploadWithoutChecks();
    click('upload');
    expect(portal.uploads).toBe(1);
  });

  it('sends a double-click once and holds every later click: uploaded means uploaded', async () => {
    let grant: (value: ResponseOf<'slot-acquire'>) => void = () => undefined;
    const { guard, portal, sent } = setUp({ handlers: { 'slot-acquire': () => new Promise((resolve) => (grant = resolve)) } });
    chooseFile();
    await checked(guard);
    click('upload');
    click('upload'); // while the slot request is pending
    expect(guard.getState().acquiring).toBe(true);
    grant({ outcome: 'granted', submission: submission('s1') });
    await vi.waitFor(() => expect(portal.uploads).toBe(1));
    click('upload');
    expect(portal.uploads).toBe(1);
    expect(sent('slot-acquire')).toHaveLength(1);
    expect(currentHold(guard.getState())).toEqual({ kind: 'uploaded', confirmed: false });
  });

  it('holds a form submit (requestSubmit) and Enter on a role=button Upload like clicks', async () => {
    const view = `<form id="f"><input type="file"><button type="button" id="validate">Validate</button><div role="button" tabindex="0" id="upload">Upload</div></form>`;
    const { guard, portal } = setUp({ report: blockingReport(), view });
    let submits = 0;
    const form = document.getElementById('f') as HTMLFormElement;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submits++;
    });
    const div = document.getElementById('upload')!;
    let keyed = 0;
    div.addEventListener('keydown', () => keyed++);
    chooseFile();
    await checked(guard);
    form.requestSubmit();
    div.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    div.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true }));
    expect([submits, keyed, portal.uploads]).toEqual([0, 0, 0]);
    expect(guard.getState().heldClicks).toBe(3);

    guard.acknowledgeKind('new-accounts', true);
    div.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(keyed).toBe(1));
    form.requestSubmit();
    expect(submits).toBe(0);
  });

  it('holds Upload for a file put into the input without a change event, and checks that file first', async () => {
    const { guard, portal, sent } = setUp();
    chooseFile('checked.csv');
    await checked(guard);
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    Object.defineProperty(input, 'files', { value: [new File(['ID,ExternalSyncID\r\n9,RXX9\r\n'], 'dropped.csv')], configurable: true });
    click('upload');
    expect(portal.uploads).toBe(0);
    expect(guard.getState().check).toMatchObject({ kind: 'checking', fileName: 'dropped.csv' });
    await checked(guard);
    expect(sent('check-upload').map((call) => (call.data as { fileName: string }).fileName)).toEqual(['checked.csv', 'dropped.csv']);
  });

  it('checks the file again when the background says the history changed since the check', async () => {
    let recheck = true;
    const { guard, portal, sent } = setUp({
      handlers: {
        'slot-acquire': () => (recheck ? { outcome: 'recheck', slot: { state: 'free' } } : { outcome: 'granted', submission: submission('s1') }),
      },
    });
    chooseFile();
    await checked(guard);
    click('upload');
    await vi.waitFor(() => expect(sent('check-upload')).toHaveLength(2));
    expect(portal.uploads).toBe(0);
    await checked(guard);
    recheck = false;
    click('upload');
    await vi.waitFor(() => expect(portal.uploads).toBe(1));
  });

  it('judges the file again when the slot frees after its own upload ended', async () => {
    const { guard, portal, sent } = setUp();
    chooseFile();
    await checked(guard);
    click('upload');
    await vi.waitFor(() => expect(portal.uploads).toBe(1));
    const processing = {
      state: 'held' as const,
      yours: false,
      submission: { id: 's1', state: 'processing' as const, fileName: 'updates.csv', createdAt: 1, rowCount: 3 },
    };
    guard.handleMessage({ type: 'slot-changed', slot: processing });
    guard.handleMessage({ type: 'slot-changed', slot: { state: 'free' } });
    await vi.waitFor(() => expect(sent('check-upload')).toHaveLength(2));
    await checked(guard);
    expect(guard.getState().upload).toBe('no');
  });

  it('moves another tab’s prepared claim here, and the other tab is held and told', async () => {
    const theirs = {
      state: 'held' as const,
      yours: false,
      submission: { id: 'theirs', state: 'preparing' as const, fileName: 'a.csv', createdAt: 1, tabId: 7, rowCount: 2 },
    };
    const { guard, portal } = setUp({
      handlers: {
        'slot-acquire': () => ({ outcome: 'refused', slot: theirs }),
        'slot-take-over': () => ({ outcome: 'granted', submission: submission('mine') }),
      },
    });
    chooseFile();
    await checked(guard);
    click('upload');
    await vi.waitFor(() => expect(currentHold(guard.getState())).toMatchObject({ kind: 'slot-busy', inThisTab: false }));
    await guard.takeOver();
    expect(portal.uploads).toBe(1);
  });

  it('holds Upload in the tab whose claim moved to another tab, and says so', async () => {
    const { guard, portal, sent } = setUp();
    chooseFile();
    await checked(guard);
    click('validate');
    await vi.waitFor(() => expect(guard.getState().submissionId).toBe('s1'));
    const theirs = {
      state: 'held' as const,
      yours: false,
      submission: { id: 'theirs', state: 'preparing' as const, fileName: 'b.csv', createdAt: 1, tabId: 7, rowCount: 2 },
    };
    guard.handleMessage({ type: 'slot-changed', slot: theirs });
    click('upload');
    expect(portal.uploads).toBe(0);
    expect(sent('slot-acquire')).toHaveLength(1);
    expect(currentHold(guard.getState())).toMatchObject({ kind: 'slot-busy', movedAway: true, submission: { fileName: 'b.csv' } });
  });

  /** Another tab's upload in flight, and a background that answers the slot-status asked after a check only when told. */
  function slotStatusAnsweredLater() {
    const theirs = {
      state: 'held' as const,
      yours: false,
      submission: { id: 'theirs', state: 'processing' as const, fileName: 'b.csv', createdAt: 1, tabId: 7, rowCount: 2 },
    };
    const status = { asked: 0, answer: (_slot: typeof theirs) => undefined as void };
    // The view's own question is answered at once; the one after the check only when the test says.
    const handlers: Handlers = {
      'slot-status': () => (++status.asked === 1 ? { state: 'free' } : new Promise((resolve) => (status.answer = resolve))),
    };
    return { theirs, status, handlers };
  }

  it('shows the check without waiting for the slot, then holds Upload when the slot turns out to be busy', async () => {
    const { theirs, status, handlers } = slotStatusAnsweredLater();
    const { guard, portal } = setUp({ handlers });
    chooseFile();
    await checked(guard);
    await vi.waitFor(() => expect(status.asked).toBe(2));
    expect(guard.getState().slot).toEqual({ state: 'free' });
    status.answer(theirs);
    await vi.waitFor(() => expect(guard.getState().slot).toEqual(theirs));
    click('upload');
    expect(portal.uploads).toBe(0);
    expect(currentHold(guard.getState())).toMatchObject({ kind: 'slot-busy', submission: { fileName: 'b.csv' } });
  });

  it('keeps newer news of the slot over a status asked before it', async () => {
    const { theirs, status, handlers } = slotStatusAnsweredLater();
    const { guard } = setUp({ handlers });
    chooseFile();
    await checked(guard);
    await vi.waitFor(() => expect(status.asked).toBe(2));
    // The other upload ended, and the broadcast saying so overtook the status asked before it ended.
    guard.handleMessage({ type: 'slot-changed', slot: { state: 'free' } });
    status.answer(theirs);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(guard.getState().slot).toEqual({ state: 'free' });
    expect(currentHold(guard.getState())).toBeUndefined();
  });

  it('says when the extension was updated under the page, and holds Upload', async () => {
    const { guard, portal } = setUp();
    chooseFile();
    await checked(guard);
    guard.orphan();
    click('upload');
    expect(portal.uploads).toBe(0);
    expect(currentHold(guard.getState())).toEqual({ kind: 'orphaned' });
  });

  it('does not take the slot at Validate for a file still held for its findings', async () => {
    const { guard, sent } = setUp({ report: blockingReport() });
    chooseFile();
    await checked(guard);
    click('validate');
    await Promise.resolve();
    expect(sent('slot-acquire')).toHaveLength(0);
  });

  it('finds a view rendered late, and forgets the file when the admin navigates away', async () => {
    const { guard, sent } = setUp({ view: '<p>Loading…</p>' });
    expect(guard.getState().recognised).not.toBe('yes');
    document.getElementById('app')!.innerHTML = VIEW;
    await vi.waitFor(() => expect(guard.getState().recognised).toBe('yes'));
    chooseFile();
    await checked(guard);
    click('validate');
    await vi.waitFor(() => expect(guard.getState().submissionId).toBe('s1'));

    window.location.hash = '#/users';
    document.getElementById('app')!.innerHTML = '<h1>Users</h1>';
    await vi.waitFor(() => expect(guard.getState().recognised).toBe('unknown'));
    expect(guard.getState().check.kind).toBe('idle');
    expect(sent('slot-release')[0]!.data).toEqual({ submissionId: 's1' });

    document.getElementById('app')!.innerHTML = VIEW;
    await vi.waitFor(() => expect(guard.getState().recognised).toBe('yes'));
  });

  it('keeps the checked file when the app only re-renders the view for a moment', async () => {
    const { guard, sent } = setUp();
    chooseFile();
    await checked(guard);
    click('validate');
    await vi.waitFor(() => expect(guard.getState().submissionId).toBe('s1'));
    const app = document.getElementById('app')!;
    app.innerHTML = '<p>Validating…</p>';
    await vi.waitFor(() => expect(guard.getState().recognised).toBe('unknown'));
    app.innerHTML = VIEW;
    await vi.waitFor(() => expect(guard.getState().recognised).toBe('yes'));
    expect(guard.getState().check.kind).toBe('done');
    expect(guard.getState().submissionId).toBe('s1');
    expect(sent('slot-release')).toHaveLength(0);
  });

  it('forgets the file when the view stays gone although the route did not change', async () => {
    const { guard, sent } = setUp({ reRenderGraceMs: 10 });
    chooseFile();
    await checked(guard);
    click('validate');
    await vi.waitFor(() => expect(guard.getState().submissionId).toBe('s1'));
    document.getElementById('app')!.innerHTML = '<p>Session expired</p>';
    await vi.waitFor(() => expect(guard.getState().check.kind).toBe('idle'));
    expect(sent('slot-release')).toHaveLength(1);
  });

  it('works with <input type=submit> controls in a form', async () => {
    const form = `<form id="f"><input type="file"><input type="submit" value="Validate"><input type="submit" id="create" value="Create Users"></form>`;
    const { guard } = setUp({ view: form });
    let submits = 0;
    document.getElementById('f')!.addEventListener('submit', (event) => {
      event.preventDefault();
      submits++;
    });
    chooseFile();
    await checked(guard);
    (document.getElementById('create') as HTMLInputElement).click();
    await vi.waitFor(() => expect(submits).toBe(1));
  });

  it('says the page was not recognised when it looks like the upload page but has no controls', async () => {
    window.location.hash = '#/csv-upload';
    const { guard } = setUp({ view: '<h1>Upload Users</h1><p>Something new</p>' });
    await vi.waitFor(() => expect(guard.getState().recognised).toBe('no'));
  });
});
