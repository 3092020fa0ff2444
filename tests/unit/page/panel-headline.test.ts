import { describe, expect, it } from 'vitest';
import type { GuardState } from '../../../lib/page/guard-state';
import { panelHeadline, type PanelHeadlineKind } from '../../../lib/page/panel-headline';
import type { SlotStatus } from '../../../lib/submissions/types';
import { blockingReport, makeReport, stateWith } from './fixtures';

// The panel's headline as a table: each state of the page guard → exactly one headline (issue 16,
// "one state at a time"). The reason of a hold is checked where the headline carries one.
const clean = { kind: 'done' as const, report: makeReport() };
const withWarning = {
  kind: 'done' as const,
  report: makeReport({
    groups: [
      { rule: 'stale-report', severity: 'warn', total: 1, first: [] },
      { rule: 'password-column', severity: 'warn', total: 2, first: [] },
    ],
  }),
};
const otherFile = { kind: 'done' as const, report: makeReport({ fileName: 'other.csv', fingerprint: 'other' }) };
const blocked = { kind: 'done' as const, report: blockingReport() };
const noReport = { kind: 'done' as const, report: makeReport({ freshness: { reports: [], stale: false } }) };
const checking = { kind: 'checking' as const, fileName: 'updates.csv', phase: 'looking-up' as const, fraction: 0.5 };
const failed = { kind: 'error' as const, fileName: 'updates.csv', message: 'gone', retryable: true, cause: 'background' as const };

const submission = { id: 's1', fileName: 'updates.csv', createdAt: 1, rowCount: 3, tabId: 4 };
const oursPreparing: SlotStatus = { state: 'held', yours: true, submission: { ...submission, state: 'preparing' } };
const oursProcessing: SlotStatus = {
  state: 'held',
  yours: false,
  submission: { ...submission, state: 'processing', uploadClickedAt: 2, processingAt: 2 },
};
const theirsPreparing: SlotStatus = {
  state: 'held',
  yours: false,
  submission: { id: 'x', state: 'preparing', fileName: 'x.csv', createdAt: 1, rowCount: 2, tabId: 9 },
};
const theirsProcessing: SlotStatus = {
  state: 'held',
  yours: false,
  submission: { id: 'x', state: 'processing', fileName: 'x.csv', createdAt: 1, rowCount: 2, tabId: 9 },
};
const lastUpload = { submissionId: 's1', fileName: 'updates.csv', fingerprint: 'abc123' };
const uploadedHere = { ownSubmissionIds: ['s1'], lastUpload };

type Row = [string, Partial<GuardState>, PanelHeadlineKind, string?];
const table: Row[] = [
  ['no file chosen', {}, 'choose-file'],
  ['checking', { check: checking }, 'checking'],
  ['a click held while checking: still one headline, the check', { check: checking, heldClicks: 1 }, 'checking'],
  ['blocking rows not acknowledged', { check: blocked }, 'findings', 'unacknowledged'],
  [
    'blocking rows acknowledged, slot free',
    { check: blocked, acknowledged: { kinds: ['new-accounts'], lines: [] }, slot: { state: 'free' } },
    'ready',
  ],
  ['clean file, slot free', { check: clean, slot: { state: 'free' } }, 'ready'],
  ['clean file, slot claimed here at Validate', { check: clean, slot: oursPreparing, submissionId: 's1', ownSubmissionIds: ['s1'] }, 'ready'],
  ['clean file, another tab prepares', { check: clean, slot: theirsPreparing }, 'held', 'slot-busy'],
  ['clean file, another tab’s upload is processing', { check: clean, slot: theirsProcessing }, 'held', 'slot-busy'],
  ['asking for the slot', { check: clean, acquiring: true }, 'held', 'acquiring'],
  ['asking for the slot while another tab prepares', { check: clean, acquiring: true, slot: theirsPreparing }, 'held', 'slot-busy'],
  ['the check failed', { check: failed }, 'held', 'cannot-decide'],
  ['CSV Guard failed around a clean check', { check: clean, fault: { cause: 'internal', message: 'bug' } }, 'held', 'cannot-decide'],
  ['no Mailbox Report', { check: noReport }, 'held', 'no-report'],
  [
    'portal confirms fewer updates',
    { check: clean, validation: { kind: 'read', answer: { mentionsUpdates: true, updateCount: 1 } } },
    'held',
    'portal-count',
  ],
  ['Upload let through, portal not heard yet', { check: clean, upload: 'clicked', ...uploadedHere }, 'uploaded'],
  ['Upload let through, portal confirmed', { check: clean, upload: 'confirmed', ...uploadedHere }, 'uploaded'],
  [
    'uploaded here and the slot says processing in this tab: never "another submission"',
    { check: clean, upload: 'confirmed', slot: oursProcessing, ...uploadedHere },
    'uploaded',
  ],
  ['uploaded, then a click held', { check: clean, upload: 'confirmed', slot: oursProcessing, heldClicks: 2, ...uploadedHere }, 'uploaded'],
  ['the same file checked again while its upload is in flight', { check: clean, slot: oursProcessing, ...uploadedHere }, 'uploaded'],
  ['a different file while this tab’s upload is in flight', { check: otherFile, slot: oursProcessing, ...uploadedHere }, 'held', 'slot-busy'],
  ['the upload ended and the same file was judged again', { check: clean, slot: { state: 'free' }, ...uploadedHere }, 'upload-ended'],
  [
    'the upload ended and the file would repeat new accounts',
    { check: blocked, slot: { state: 'free' }, ...uploadedHere, lastUpload: { ...lastUpload } },
    'findings',
    'unacknowledged',
  ],
  ['the upload ended, then another file chosen', { check: otherFile, slot: { state: 'free' }, ...uploadedHere }, 'ready'],
  ['extension updated under the page', { check: clean, orphaned: true }, 'held', 'orphaned'],
  ['extension updated after an upload', { check: clean, upload: 'confirmed', orphaned: true, ...uploadedHere }, 'held', 'orphaned'],
];

describe('the panel headline (state → one headline)', () => {
  it.each(table)('%s', (_name, state, kind, reason) => {
    const headline = panelHeadline(stateWith(state));
    expect(headline.kind).toBe(kind);
    if (reason) expect(headline).toMatchObject({ reason: { kind: reason } });
  });

  it('says whether the portal confirmed the upload', () => {
    expect(panelHeadline(stateWith({ check: clean, upload: 'clicked' }))).toEqual({ kind: 'uploaded', confirmed: false });
    expect(panelHeadline(stateWith({ check: clean, upload: 'confirmed' }))).toEqual({ kind: 'uploaded', confirmed: true });
    expect(panelHeadline(stateWith({ check: clean, slot: oursProcessing, ...uploadedHere }))).toEqual({ kind: 'uploaded', confirmed: true });
  });

  it('counts the warnings a ready file still has', () => {
    expect(panelHeadline(stateWith({ check: withWarning }))).toEqual({ kind: 'ready', warnings: 3 });
  });

  it('carries the progress of the check', () => {
    expect(panelHeadline(stateWith({ check: checking }))).toEqual({ kind: 'checking', fileName: 'updates.csv', phase: 'looking-up', fraction: 0.5 });
  });
});
