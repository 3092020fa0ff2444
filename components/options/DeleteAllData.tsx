import { useRef, useState, useEffect } from 'preact/hooks';
import type { ReportSummary } from '../../lib/messaging/reports-protocol';
import { plural } from '../shared/format';
import { errorMessage } from '../../lib/error-message';

export interface DeleteAllDataProps {
  reports: ReportSummary[];
  onConfirm(): Promise<string>;
}

/** "Delete cached data", with a confirmation that says exactly what goes. */
export function DeleteAllData({ reports, onConfirm }: DeleteAllDataProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const mailboxes = reports.reduce((sum, r) => sum + r.rowCount, 0);

  useEffect(() => {
    // Move focus into the confirmation so keyboard and screen-reader users land on it.
    if (confirming) cancelButton.current?.focus();
  }, [confirming]);

  async function confirm() {
    setBusy(true);
    try {
      setOutcome({ ok: true, text: await onConfirm() });
    } catch (error) {
      setOutcome({ ok: false, text: `Nothing was deleted: ${errorMessage(error)}` });
    } finally {
      setBusy(false);
      setConfirming(false);
      openButton.current?.focus();
    }
  }

  return (
    <section aria-labelledby="delete-all-heading">
      <h2 id="delete-all-heading">Delete cached data</h2>
      <p>Removes every cached Mailbox Report and all upload history from this browser. Settings are kept.</p>
      <button
        type="button"
        ref={openButton}
        onClick={() => {
          setOutcome(undefined);
          setConfirming(true);
        }}
        disabled={confirming}
      >
        Delete cached data…
      </button>
      {confirming && (
        <div
          role="dialog"
          aria-modal="false"
          aria-labelledby="delete-all-confirm-heading"
          aria-describedby="delete-all-confirm-text"
          onKeyDown={(event) => {
            if (event.key === 'Escape') setConfirming(false);
          }}
          style={{ border: '2px solid #d5281b', padding: '1rem', marginTop: '0.5rem' }}
        >
          <h3 id="delete-all-confirm-heading">Delete all cached data?</h3>
          <p id="delete-all-confirm-text">
            This deletes {plural(reports.length, 'cached Mailbox Report', 'cached Mailbox Reports')}
            {reports.length > 0 ? ` (${reports.map((r) => r.orgLabel).join(', ')}; ${plural(mailboxes, 'mailbox', 'mailboxes')})` : ''} and the upload
            history, including the record of any upload still being processed by the portal. It cannot be undone: you would need to import the Mailbox
            Report again before CSV Guard can check uploads.
          </p>
          <button type="button" onClick={() => void confirm()} disabled={busy}>
            Yes, delete everything
          </button>{' '}
          <button type="button" ref={cancelButton} onClick={() => setConfirming(false)} disabled={busy}>
            Keep my data
          </button>
        </div>
      )}
      {outcome && <p role={outcome.ok ? 'status' : 'alert'}>{outcome.text}</p>}
    </section>
  );
}
