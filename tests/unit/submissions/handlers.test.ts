import { beforeEach, describe, expect, it } from 'vitest';
import { createMessageListener, type Handlers } from '../../../lib/messaging/router';
import type { Reply } from '../../../lib/messaging/protocol';
import type { SlotAnswer } from '../../../lib/messaging/submissions-protocol';
import { createSubmissionHandlers } from '../../../lib/submissions/submission-handlers';
import { startWorker } from '../../support/background';
import type { SlotRequest } from '../../../lib/submissions/types';
import { EXTENSION_PAGE, PORTAL_PAGE_URL, portalTab, TEST_TRUST } from '../../support/senders';
import { clearHistory, slotRequest } from './fixtures';

/** Files the background has checked, by check id: the slot takes their details from here. */
const CHECKED: Record<string, SlotRequest> = {
  'check-one': slotRequest('one.csv'),
  'check-two': slotRequest('two.csv'),
};

/** The background's message listener, as the Upload Users tab `tabId` (or, undefined, the popup) reaches it. */
function background(checkedUploads: Record<string, SlotRequest> = CHECKED) {
  const { tracker } = startWorker({ tracker: { probeTab: async () => ({ url: PORTAL_PAGE_URL }) } });
  const handlers = createSubmissionHandlers({ tracker, checkedUpload: (checkId) => checkedUploads[checkId], checkedHistory: () => undefined });
  const listen = createMessageListener(handlers as unknown as Handlers, TEST_TRUST);
  const send = (tabId: number | undefined, type: string, data: unknown) =>
    listen({ channel: 'csv-guard', type, data }, tabId === undefined ? EXTENSION_PAGE : portalTab(tabId)) as Promise<Reply>;
  // The tracker too: what the background itself keeps.
  return Object.assign(send, { tracker });
}

beforeEach(clearHistory);

describe('submission messages', () => {
  it('answer two tabs clicking Upload at the same moment with one yes and one no', async () => {
    const send = background();
    const replies = await Promise.all([send(1, 'slot-acquire', { checkId: 'check-one' }), send(2, 'slot-acquire', { checkId: 'check-two' })]);
    const outcomes = replies.map((r) => (r.ok ? (r.data as SlotAnswer).outcome : undefined));
    expect(outcomes).toEqual(['granted', 'refused']);
    expect(await send(2, 'slot-status', {})).toMatchObject({
      ok: true,
      data: { state: 'held', yours: false, submission: { fileName: 'one.csv', tabId: 1 } },
    });
    expect(await send(1, 'slot-status', {})).toMatchObject({ ok: true, data: { state: 'held', yours: true } });
  });

  it('walk a submission from Upload to "Mark as finished" and list it in the history', async () => {
    const send = background();
    const acquired = await send(1, 'slot-acquire', { checkId: 'check-one' });
    const id = acquired.ok ? (acquired.data as { submission: { id: string } }).submission.id : '';
    expect(await send(1, 'submission-processing', { submissionId: id })).toMatchObject({ ok: true, data: { state: 'processing' } });
    expect(await send(1, 'slot-release', { submissionId: id })).toMatchObject({ ok: true, data: { released: false } });
    expect(await send(undefined, 'submission-finish', { submissionId: id })).toMatchObject({ ok: true, data: { state: 'finished' } });
    expect(await send(undefined, 'history-list', {})).toMatchObject({
      ok: true,
      data: { submissions: [{ id, fileName: 'one.csv', state: 'finished' }] },
    });
  });

  it('take a checked file’s details from the background’s own copy of the check', async () => {
    const send = background({ 'check-7': { ...slotRequest('checked.csv'), localIds: ['RXX1', 'RXX2'] } });
    const acquired = await send(1, 'slot-acquire', { checkId: 'check-7' });
    expect(acquired).toMatchObject({ ok: true, data: { outcome: 'granted', submission: { fileName: 'checked.csv' } } });
    expect(await send.tracker.history()).toMatchObject([{ fileName: 'checked.csv', localIds: ['RXX1', 'RXX2'] }]);
    // A check the worker has lost: no slot is taken, and the page is told so it can send the file again.
    expect(await send(2, 'slot-acquire', { checkId: 'lost' })).toMatchObject({
      ok: true,
      data: { outcome: 'check-unknown', slot: { state: 'held', yours: false } },
    });
  });

  it('tell the Upload Users tab and the popup only what they show of an upload: the file’s local IDs and rows stay in the background', async () => {
    // A large file's record runs to megabytes: sent back with the grant, it held Upload for seconds (4.5 s at 50,000 rows).
    const checked: SlotRequest = {
      ...slotRequest('large.csv'),
      localIds: ['RXX1', 'RXX2'],
      predictedUpdateLocalIds: ['RXX1'],
      predictedUpdateRowHashes: ['0123456789abcdef'],
      predictedCreates: [{ rowHash: 'fedcba9876543210', email: 'new.starter@nhs.net' }],
      predictedDuplicates: [{ row: 1, localId: 'RXX2', email: 'a@nhs.net', existing: { email: 'a@nhs.net', localId: 'RXX9' }, how: 'email' }],
    };
    const send = background({ 'check-large': checked });
    const acquired = await send(1, 'slot-acquire', { checkId: 'check-large' });
    const granted = acquired.ok ? (acquired.data as Extract<SlotAnswer, { outcome: 'granted' }>) : undefined;
    expect(granted?.outcome).toBe('granted');
    const id = granted?.submission.id ?? '';
    const clicked = await send(1, 'submission-upload-clicked', { submissionId: id });
    const processing = await send(1, 'submission-processing', { submissionId: id });
    expect(granted?.submission.state).toBe('preparing');
    expect(processing).toMatchObject({ ok: true, data: { state: 'processing' } });
    const toPage = [granted?.submission, clicked.ok ? clicked.data : undefined, processing.ok ? processing.data : undefined];
    const finished = await send(undefined, 'submission-finish', { submissionId: id });
    const history = await send(undefined, 'history-list', {});
    const toPopup = [finished.ok ? finished.data : undefined, history.ok ? (history.data as { submissions: unknown[] }).submissions[0] : undefined];
    const fileDetails = ['localIds', 'header', 'predictedUpdateLocalIds', 'predictedUpdateRowHashes', 'predictedCreates', 'predictedDuplicates'];
    for (const answer of [...toPage, ...toPopup]) {
      expect(answer).toMatchObject({ id, fileName: 'large.csv', rowCount: checked.rowCount });
      for (const field of fileDetails) expect(answer).not.toHaveProperty(field);
    }
    // The page has no use for the fingerprint either; the popup's history export lists it.
    for (const answer of toPage) expect(answer).not.toHaveProperty('fingerprint');
    expect(toPopup[1]).toHaveProperty('fingerprint', checked.fingerprint);
    // The background's own record keeps everything.
    expect(await send.tracker.history()).toMatchObject([{ id, localIds: ['RXX1', 'RXX2'], predictedUpdateRowHashes: ['0123456789abcdef'] }]);
  });

  it('explain, rather than crash, when asked about an upload it no longer has', async () => {
    const send = background();
    expect(await send(undefined, 'submission-finish', { submissionId: 'gone' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no record of that upload/),
    });
  });
});
