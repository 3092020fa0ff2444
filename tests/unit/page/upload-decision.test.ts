import { describe, expect, it } from 'vitest';
import type { GuardState } from '../../../lib/page/guard-state';
import { currentHold, decideUpload, type FileAtAttempt, type UploadDecision } from '../../../lib/page/upload-decision';
import type { SlotStatus } from '../../../lib/submissions/types';
import { blockingReport, makeReport, stateWith } from './fixtures';

// The click decision as a table: each state × attempt → allow / hold(reason) / acquire.
const clean = { kind: 'done' as const, report: makeReport() };
const blocked = { kind: 'done' as const, report: blockingReport() };
const ours: SlotStatus = {
  state: 'held',
  yours: true,
  submission: { id: 's1', state: 'preparing', fileName: 'updates.csv', createdAt: 1, rowCount: 3 },
};
const theirsPreparing: SlotStatus = {
  state: 'held',
  yours: false,
  submission: { id: 'x', state: 'preparing', fileName: 'x.csv', createdAt: 1, rowCount: 2, tabId: 9 },
};
const makeTabReport = (tabId: number) => ({ kind: 'done' as const, report: makeReport({ tabId }) });
const noReport = { kind: 'done' as const, report: makeReport({ freshness: { reports: [], stale: false } }) };
const lowerCount = { kind: 'read' as const, answer: { mentionsUpdates: true, updateCount: 2 } };
const noMessage = { kind: 'read' as const, answer: { mentionsUpdates: false } };

const allow: UploadDecision = { kind: 'allow' };
const acquire: UploadDecision = { kind: 'acquire' };
const held = (kind: string) => ({ kind: 'hold', reason: expect.objectContaining({ kind }) });

const table: [string, Partial<GuardState>, FileAtAttempt, UploadDecision | ReturnType<typeof held>][] = [
  ['no file chosen: the portal says so itself', {}, 'none', allow],
  ['a file set without a change event, never checked', {}, 'different', held('file-changed')],
  ['clean file, slot not asked for yet', { check: clean }, 'checked', acquire],
  ['clean file, slot already this tab’s (claimed at Validate)', { check: clean, slot: ours, submissionId: 's1' }, 'checked', allow],
  ['second click of a double-click while the slot is asked for', { check: clean, acquiring: true }, 'checked', held('acquiring')],
  ['click after the upload went through', { check: clean, upload: 'clicked' }, 'checked', held('uploaded')],
  ['click after the portal confirmed the upload', { check: clean, upload: 'confirmed' }, 'checked', held('uploaded')],
  [
    'click after upload, even with the slot still marked ours',
    { check: clean, slot: ours, submissionId: 's1', upload: 'clicked' },
    'checked',
    held('uploaded'),
  ],
  ['file replaced after its check', { check: clean }, 'different', held('file-changed')],
  ['file replaced while the slot is ours', { check: clean, slot: ours, submissionId: 's1' }, 'different', held('file-changed')],
  ['still checking', { check: { kind: 'checking', fileName: 'a.csv', phase: 'parsing', fraction: 0.2 } }, 'checked', held('checking')],
  [
    'background error during the check',
    { check: { kind: 'error', message: 'gone', retryable: true, cause: 'background' } },
    'checked',
    held('cannot-decide'),
  ],
  [
    'guard error during the check',
    { check: { kind: 'error', message: 'bug', retryable: true, cause: 'internal' } },
    'checked',
    held('cannot-decide'),
  ],
  [
    'background unreachable when asking for the slot',
    { check: clean, fault: { cause: 'background', message: 'gone' } },
    'checked',
    held('cannot-decide'),
  ],
  [
    'guard error on a blocking result: the blocking result wins',
    { check: blocked, fault: { cause: 'internal', message: 'bug' } },
    'checked',
    held('unacknowledged'),
  ],
  ['blocking rows not acknowledged', { check: blocked }, 'checked', held('unacknowledged')],
  ['blocking rows acknowledged by their kind', { check: blocked, acknowledged: { kinds: ['new-accounts'], lines: [] } }, 'checked', acquire],
  [
    'blocking rows, another kind acknowledged',
    { check: blocked, acknowledged: { kinds: ['repeat-local-id'], lines: [] } },
    'checked',
    held('unacknowledged'),
  ],
  ['no Mailbox Report: ID checks could not run', { check: noReport }, 'checked', held('no-report')],
  ['no Mailbox Report, "Upload without ID checks" chosen', { check: noReport, idChecksWaived: true }, 'checked', acquire],
  ['portal will update fewer rows than predicted', { check: clean, validation: lowerCount }, 'checked', held('portal-count')],
  [
    'portal gave no "will be updated" message though updates were predicted',
    { check: clean, validation: noMessage },
    'checked',
    held('portal-count'),
  ],
  ['lower count acknowledged', { check: clean, validation: lowerCount, validationAcknowledged: true }, 'checked', acquire],
  [
    'higher count than predicted: a warning, not a hold',
    { check: clean, validation: { kind: 'read', answer: { mentionsUpdates: true, updateCount: 5 } } },
    'checked',
    acquire,
  ],
  ['this tab’s claim moved to another tab', { check: clean, slot: theirsPreparing, claimMovedAway: true }, 'checked', held('slot-busy')],
  ['another tab prepares: ask the background (it may have let go)', { check: clean, slot: theirsPreparing }, 'checked', acquire],
  [
    'the same file checked again while its upload from this tab is in flight',
    {
      check: clean,
      slot: { state: 'held', yours: false, submission: { ...ours.submission, state: 'processing' } },
      lastUpload: { submissionId: 's1', fileName: 'updates.csv', fingerprint: 'abc123' },
    },
    'checked',
    held('uploaded'),
  ],
  ['extension updated under the page', { check: clean, orphaned: true }, 'checked', held('orphaned')],
  ['extension updated, before any file', { orphaned: true }, 'none', held('orphaned')],
];

describe('the Upload decision (state × attempt)', () => {
  it.each(table)('%s', (_name, state, file, expected) => {
    expect(decideUpload(stateWith(state), file)).toEqual(expected);
  });

  it('shows the hold before any click: another tab’s claim, or nothing for a clean file with the slot free', () => {
    expect(currentHold(stateWith({ check: clean, slot: theirsPreparing }))).toMatchObject({ kind: 'slot-busy', inThisTab: false, movedAway: false });
    expect(currentHold(stateWith({ check: clean, slot: { state: 'free' } }))).toBeUndefined();
    expect(currentHold(stateWith({}))).toBeUndefined();
  });

  it('keeps showing another tab’s claim while the slot is asked for again, rather than swapping holds and back', () => {
    expect(currentHold(stateWith({ check: clean, slot: theirsPreparing, acquiring: true }))).toMatchObject({
      kind: 'slot-busy',
      submission: { fileName: 'x.csv' },
      asking: true,
    });
    expect(currentHold(stateWith({ check: clean, slot: { state: 'free' }, acquiring: true }))).toMatchObject({ kind: 'acquiring' });
    // This tab's own grant, broadcast before the answer to its request arrives, is not "another" claim.
    const grantHeardFirst: SlotStatus = { state: 'held', yours: false, submission: { ...theirsPreparing.submission, tabId: 4 } };
    expect(currentHold(stateWith({ check: makeTabReport(4), slot: grantHeardFirst, acquiring: true }))).toMatchObject({ kind: 'acquiring' });
  });
});
