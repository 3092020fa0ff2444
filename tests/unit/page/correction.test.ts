import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FixReport } from '../../../lib/messaging/checks-protocol';
import type { MessageType, RequestOf, ResponseOf } from '../../../lib/messaging/protocol';
import { placeFileInInput } from '../../../lib/page/place-file';
import { UploadGuard } from '../../../lib/page/upload-guard';
import { blockingReport } from './fixtures';

const VIEW = `
  <h1>Upload Users</h1>
  <div class="browse"><label>Browse</label><input type="file"></div>
  <button type="button" id="validate">Validate</button>
  <button type="button" id="upload">Upload</button>`;

const FIX: FixReport = {
  offered: true,
  corrected: { name: 'updates (corrected).csv', content: 'ID,ExternalSyncID\r\n1,RXX000001\r\n' },
  correctedRows: 1,
  changeList: { name: 'updates (changes made).csv', content: 'Line,Column\r\n' },
  changes: [{ line: 2, column: 'ExternalSyncID', old: '', new: 'RXX000001', why: 'same email', kinds: ['local-id'] }],
  changeCount: 1,
  attention: [],
  attentionCount: 0,
  noChangeCount: 0,
  droppedNoChange: false,
  recheck: { rows: 1, predictedUpdates: 1, predictedNewAccounts: 0, blockedRows: 0, byRule: {} },
  recheckProblems: [],
  lines: [],
  lineCount: 0,
};

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

function setUp(fixAnswers: ResponseOf<'fix-file'>[]) {
  document.body.innerHTML = `<main>${VIEW}</main>`;
  const calls: { type: MessageType; data: unknown }[] = [];
  const handlers: { [K in MessageType]?: (data: RequestOf<K>) => ResponseOf<K> } = {
    'check-upload-part': (data) => ({ received: data.index + 1 }),
    'check-upload': () => ({ outcome: 'checked', report: blockingReport() }),
    'slot-status': () => ({ state: 'free' }),
    'template-learnt': () => ({ saved: true }),
    'fix-file': () => fixAnswers.shift() ?? { outcome: 'built', fix: FIX },
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
    fetchText: async () => '',
    download,
    newCheckId: () => 'check-1',
    timing: { refreshDelayMs: 0, notRecognisedAfterMs: 0, validationSettleMs: 0, templateWaitMs: 0 },
  });
  guard.start();
  stop = () => guard.stop();
  const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', {
    value: [new File(['ID,ExternalSyncID\r\n1,\r\n'], 'updates.csv', { type: 'text/csv' })],
    configurable: true,
  });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return { guard, input, download, sent: (type: MessageType) => calls.filter((c) => c.type === type) };
}

describe('the corrected file on the Upload Users page', () => {
  it('asks the background for it, sending the file again under the same check when the worker lost it', async () => {
    const { guard, sent } = setUp([{ outcome: 'check-unknown' }, { outcome: 'built', fix: FIX }]);
    await vi.waitFor(() => expect(guard.getState().check.kind).toBe('done'));
    await guard.prepareCorrection();
    expect(sent('fix-file').map((c) => c.data)).toEqual([
      { checkId: 'check-1', dropNoChange: false },
      { checkId: 'check-1', dropNoChange: false },
    ]);
    expect(sent('check-upload')).toHaveLength(2);
    expect(guard.getState().correction).toEqual({ kind: 'ready', fix: FIX });
  });

  it('downloads the corrected file where the Browse input will not take it, and says so', async () => {
    const { guard, download } = setUp([]);
    await vi.waitFor(() => expect(guard.getState().check.kind).toBe('done'));
    await guard.prepareCorrection();
    guard.useCorrection(); // this input's files cannot be replaced (defined read-only above)
    expect(download).toHaveBeenCalledWith(FIX.corrected);
    expect(guard.getState().correction).toMatchObject({ kind: 'used', how: 'downloaded' });
  });

  it('offers nothing to use when the corrected file still blocks', async () => {
    const { guard, download } = setUp([{ outcome: 'built', fix: { ...FIX, offered: false } }]);
    await vi.waitFor(() => expect(guard.getState().check.kind).toBe('done'));
    await guard.prepareCorrection();
    guard.useCorrection();
    expect(download).not.toHaveBeenCalled();
    expect(guard.getState().correction?.kind).toBe('ready');
  });
});

describe('placeFileInInput', () => {
  it('puts the file into a file input and fires input then change, as a chosen file does', async () => {
    document.body.innerHTML = '<input type="file">';
    const input = document.querySelector('input')!;
    const events: string[] = [];
    input.addEventListener('input', () => events.push('input'));
    input.addEventListener('change', () => events.push('change'));
    const placed = placeFileInInput(input, 'a (corrected).csv', 'ID\r\n1\r\n');
    expect(placed).toBe(true);
    expect(input.files?.[0]?.name).toBe('a (corrected).csv');
    expect(await input.files![0]!.text()).toBe('ID\r\n1\r\n');
    expect(events).toEqual(['input', 'change']);
  });
});
