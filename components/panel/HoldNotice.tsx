import type { Ref } from 'preact';
import type { HoldReason } from '../../lib/page/upload-decision';
import { VisibleText } from './VisibleText';
import { count, formatTime } from './wording';

/** Why Upload is held, in words; focusable so focus can move here when a click is held. */
export function HoldNotice({ reason, noticeRef }: { reason: HoldReason; noticeRef?: Ref<HTMLDivElement> }) {
  return (
    <div class="hold" data-testid="hold" data-reason={reason.kind} tabIndex={-1} ref={noticeRef}>
      <p class="hold-title">
        <span class="hold-icon" aria-hidden="true">!</span>Upload is held
      </p>
      <HoldText reason={reason} />
    </div>
  );
}

function HoldText({ reason }: { reason: HoldReason }) {
  switch (reason.kind) {
    case 'checking':
      return <p>Upload will go ahead once CSV Guard has finished checking the file. Click Upload again when the check is done.</p>;
    case 'unacknowledged': {
      const { newAccounts, blockedRows } = reason;
      return (
        <p>
          {newAccounts > 0
            ? `${count(newAccounts, 'row')} in this file would create new accounts, probably duplicates of people who already have one. `
            : `${count(blockedRows, 'row')} in this file ${blockedRows === 1 ? 'has a problem' : 'have problems'} that should be fixed first. `}
          Correct the file (the downloads below can help), or tick the box below if you are sure.
        </p>
      );
    }
    case 'slot-busy': {
      const { submission, inThisTab } = reason;
      const where = inThisTab ? 'in this tab' : 'in another tab';
      const status =
        submission.state === 'preparing'
          ? `is being prepared ${where} (since ${formatTime(submission.createdAt)})`
          : `was uploaded ${where} at ${formatTime(submission.processingAt ?? submission.createdAt)} and may still be processing`;
      return (
        <p>
          Another submission is in flight: <strong><VisibleText text={submission.fileName} /></strong> ({count(submission.rowCount, 'row')}) {status}.
          The portal must finish one CSV before the next starts, or it can create duplicate accounts. Wait for its results email, or mark it
          as finished in CSV Guard's toolbar menu.
        </p>
      );
    }
  }
}
