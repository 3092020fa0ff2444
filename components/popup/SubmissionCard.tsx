import { VisibleText } from '../shared/VisibleText';
import type { SlotStatus } from '../../lib/submissions/types';
import { ConfirmButton } from './ConfirmButton';
import { count, formatWhen } from './wording';

type Held = Extract<SlotStatus, { state: 'held' }>['submission'];

export interface SubmissionCardProps {
  slot: SlotStatus;
  onFinish(submission: Held): Promise<void>;
  onRelease(submission: Held): Promise<void>;
}

/** The one upload in flight (or that there is none), with what the admin can do about it. */
export function SubmissionCard({ slot, onFinish, onRelease }: SubmissionCardProps) {
  if (slot.state === 'free') {
    return (
      <section class="card free" aria-labelledby="slot-heading" data-testid="slot-free">
        <h2 id="slot-heading">No upload in progress</h2>
        <p>You can upload one CSV file on the portal's Upload Users page. CSV Guard holds Upload in every other tab until it has finished.</p>
      </section>
    );
  }
  const s = slot.submission;
  const name = (
    <strong>
      <VisibleText text={s.fileName} />
    </strong>
  );
  return (
    <section class="card held" aria-labelledby="slot-heading" data-testid="submission" data-state={s.state}>
      <h2 id="slot-heading">{s.state === 'processing' ? 'Upload in progress' : 'Upload about to start'}</h2>
      {s.state === 'processing' ? (
        <p>
          The portal is processing {name} ({count(s.rowCount, 'row')}), uploaded at {formatWhen(s.processingAt ?? s.createdAt)}. Upload is held in
          every tab until its results email is reconciled below, or you mark it as finished.
        </p>
      ) : s.uploadClickedAt !== undefined ? (
        <p>
          Upload of {name} ({count(s.rowCount, 'row')}) was clicked at {formatWhen(s.uploadClickedAt)}; waiting for the portal to confirm it. Upload
          is held in every other tab.
        </p>
      ) : (
        <p>
          {name} ({count(s.rowCount, 'row')}) is ready to upload in one tab (since {formatWhen(s.createdAt)}). Upload is held in every other tab.
        </p>
      )}
      {s.note && (
        <p class="note" data-testid="submission-note">
          <VisibleText text={s.note} />
        </p>
      )}
      {s.state === 'processing' ? (
        <ConfirmButton
          label="Mark as finished"
          question={
            <>
              Mark {name} as finished? Do this only when the portal has finished with it: its results email has arrived or you have checked the
              accounts in the portal. Upload will then be allowed again in every tab.
            </>
          }
          confirmLabel={`Yes, mark “${s.fileName}” as finished`}
          onConfirm={() => onFinish(s)}
        />
      ) : (
        <ConfirmButton
          label="Release the hold"
          question={
            <>
              Release the hold on {name}? Do this only if it was not uploaded
              {s.uploadClickedAt !== undefined ? ' (Upload was clicked: check the portal first)' : ''}. The tab that chose it will ask again before
              uploading.
            </>
          }
          confirmLabel={`Yes, release “${s.fileName}”`}
          onConfirm={() => onRelease(s)}
        />
      )}
    </section>
  );
}
