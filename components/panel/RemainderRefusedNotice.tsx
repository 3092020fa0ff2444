import type { CheckReport } from '../../lib/messaging/checks-protocol';

/**
 * The file repeats an earlier upload whose new accounts no cached report can show: no remainder file is
 * offered (it could repeat a create), and the admin is told which report to import, and how old theirs is.
 */
export function RemainderRefusedNotice({
  refused,
  onOpenImport,
}: {
  refused: NonNullable<CheckReport['remainderRefused']>;
  onOpenImport: () => void;
}) {
  return (
    <div class="remainder-refused" data-testid="remainder-refused" role="note">
      <h3>Rows not yet applied</h3>
      <p>{refused.message}</p>
      <p class="hint">{refused.reportAge}</p>
      <button type="button" data-action="open-report-import" onClick={onOpenImport}>
        Import a Mailbox Report
      </button>
    </div>
  );
}
