import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { HoldReason } from '../../lib/page/upload-decision';
import { VisibleText } from '../shared/VisibleText';
import { count, formatTime } from './wording';

export interface HoldActions {
  onUploadWithoutChecks: () => void;
  onUploadWithoutIdChecks: () => void;
  onTakeOver: () => void;
  onReload: () => void;
}

/**
 * Why Upload is held, in words: an alert, so a screen reader says it as it appears; focusable so focus
 * can move here when a click is held.
 */
export function HoldNotice({ reason, noticeRef, actions }: { reason: HoldReason; noticeRef?: Ref<HTMLDivElement>; actions: HoldActions }) {
  return (
    <div class="hold" role="alert" data-testid="hold" data-reason={reason.kind} tabIndex={-1} ref={noticeRef}>
      <p class="hold-title">
        <span class="hold-icon" aria-hidden="true">
          !
        </span>
        {reason.kind === 'uploaded' ? 'Uploaded: Upload is held' : 'Upload is held'}
      </p>
      <HoldText reason={reason} />
      {reason.kind === 'cannot-decide' && <UploadWithoutChecks onConfirm={actions.onUploadWithoutChecks} />}
      {reason.kind === 'no-report' && (
        <button type="button" class="override" onClick={actions.onUploadWithoutIdChecks}>
          Upload without ID checks
        </button>
      )}
      {reason.kind === 'orphaned' && (
        <button type="button" onClick={actions.onReload}>
          Reload this page
        </button>
      )}
      {reason.kind === 'slot-busy' &&
        !reason.asking &&
        !reason.inThisTab &&
        !reason.movedAway &&
        reason.submission.state === 'preparing' &&
        reason.submission.uploadClickedAt === undefined && (
          <button type="button" onClick={actions.onTakeOver}>
            Upload from this tab instead
          </button>
        )}
    </div>
  );
}

/** The override, behind a confirmation that names the risk: the portal stays usable, the admin decides. */
function UploadWithoutChecks({ onConfirm }: { onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="override" onClick={() => setAsking(true)}>
        Upload without CSV Guard's checks
      </button>
    );
  }
  return (
    <div class="confirm" role="alertdialog" aria-labelledby="csvg-confirm-title" aria-describedby="csvg-confirm-text">
      <p id="csvg-confirm-title" class="hold-title">
        Upload without CSV Guard's checks?
      </p>
      <p id="csvg-confirm-text">
        Nothing has checked this file. Rows with a blank, wrong or stale local ID will create duplicate accounts, and if another upload is still being
        processed (in another tab too) the two together can also create duplicate accounts. The file will be uploaded once.
      </p>
      <button type="button" onClick={onConfirm}>
        Yes, upload without checks
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}

function HoldText({ reason }: { reason: HoldReason }) {
  switch (reason.kind) {
    case 'orphaned':
      return <p>CSV Guard was updated: reload this page. Until then it cannot check files here, so Upload stays held.</p>;
    case 'uploaded':
      return (
        <p>
          This file was uploaded from this tab{reason.confirmed ? ' and the portal is processing it' : ' (the portal has not confirmed it yet)'}. It
          is not sent again: a second upload would apply its rows twice. Wait for the results email; CSV Guard checks the file again when the upload
          has ended.
        </p>
      );
    case 'acquiring':
      return <p>CSV Guard is making sure no other upload is in flight. The upload goes ahead once, by itself, if none is.</p>;
    case 'file-changed':
      return <p>The file in the form is not the one CSV Guard checked. It is being checked now: click Upload again when the check is done.</p>;
    case 'checking':
      return <p>Upload will go ahead once CSV Guard has finished checking the file. Click Upload again when the check is done.</p>;
    case 'cannot-decide':
      return (
        <p>
          {reason.cause === 'background' ? "CSV Guard's background could not be reached" : 'CSV Guard failed'}, so it cannot tell whether this upload
          is safe: <VisibleText text={reason.message} />. Try again, or upload without its checks.
        </p>
      );
    case 'unacknowledged': {
      const { newAccounts, blockedRows, outstanding } = reason;
      const overwrites = outstanding.some((kind) => kind === 'overwrite' || kind === 'shared-local-id');
      return (
        <p>
          {newAccounts > 0 && outstanding.includes('new-accounts')
            ? `${count(newAccounts, 'row')} in this file would create new accounts, probably duplicates of people who already have one. `
            : `${count(blockedRows, 'row')} in this file ${blockedRows === 1 ? 'has a problem' : 'have problems'} that should be fixed first. `}
          {overwrites ? "Some rows would overwrite another person's account: upload without them, or acknowledge each one. " : ''}
          Correct the file (the downloads below can help), or acknowledge each risk below if you are sure.
        </p>
      );
    }
    case 'no-report':
      return (
        <p>
          ID checks could not run: CSV Guard has no Mailbox Report, so it cannot tell which rows would create a second account for someone who already
          has one. Import your organisation's Mailbox Report on CSV Guard's options page (Portal → Reports → Admin Reports → Mailbox Report), then
          choose the file again, or upload without ID checks.
        </p>
      );
    case 'portal-count':
      return (
        <p>
          The portal's own validation does not confirm the updates CSV Guard predicted (see below). Check the local IDs, or tick the box below if you
          are sure.
        </p>
      );
    case 'slot-busy': {
      const { submission, inThisTab, movedAway } = reason;
      const where = inThisTab ? 'in this tab' : 'in another tab';
      const moved = movedAway ? 'This tab\'s claim was moved to another tab, which chose "Upload from this tab instead". ' : '';
      if (submission.state === 'preparing' && submission.uploadClickedAt === undefined) {
        return (
          <p>
            {moved}
            <strong>
              <VisibleText text={submission.fileName} />
            </strong>{' '}
            ({count(submission.rowCount, 'row')}) is being prepared {where} (since {formatTime(submission.createdAt)}); nothing has been uploaded
            there yet. Only one CSV may be processed at a time: upload from that tab, or from this one instead.
          </p>
        );
      }
      return (
        <p>
          {moved}Another submission is in flight:{' '}
          <strong>
            <VisibleText text={submission.fileName} />
          </strong>{' '}
          ({count(submission.rowCount, 'row')}) was uploaded {where} at {formatTime(submission.processingAt ?? submission.createdAt)} and may still be
          processing. The portal must finish one CSV before the next starts, or it can create duplicate accounts. Wait for its results email, or mark
          it as finished in CSV Guard's toolbar menu.
        </p>
      );
    }
  }
}
