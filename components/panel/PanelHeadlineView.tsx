import type { Ref } from 'preact';
import type { CheckState } from '../../lib/page/guard-state';
import type { PanelHeadline } from '../../lib/page/panel-headline';
import { CheckProgress } from './CheckProgress';
import { GuardError } from './GuardError';
import { HoldNotice, type HoldActions } from './HoldNotice';
import { count } from './wording';

export interface HeadlineActions extends HoldActions {
  onRetry: () => void;
}

/**
 * The panel's one headline (lib/page/panel-headline decides which). Focusable where a held click
 * moves focus, so keyboard and screen reader users hear why nothing happened.
 */
export function PanelHeadlineView({
  headline,
  check,
  noticeRef,
  actions,
}: {
  headline: PanelHeadline;
  check: CheckState;
  noticeRef?: Ref<HTMLDivElement>;
  actions: HeadlineActions;
}) {
  switch (headline.kind) {
    case 'choose-file':
      return (
        <p class="hint" data-testid="headline" data-headline="choose-file">
          Choose a file and CSV Guard checks it here before you validate or upload it.
        </p>
      );
    case 'checking':
      return (
        <div data-testid="headline" data-headline="checking" tabIndex={-1} ref={noticeRef}>
          <CheckProgress fileName={headline.fileName} phase={headline.phase} fraction={headline.fraction} />
          <p class="hint">Upload waits until the check is done.</p>
        </div>
      );
    case 'findings':
    case 'held':
      return (
        <div data-testid="headline" data-headline={headline.kind}>
          {check.kind === 'error' && <GuardError message={check.message} onRetry={check.retryable ? actions.onRetry : undefined} />}
          <HoldNotice reason={headline.reason} noticeRef={noticeRef} actions={actions} />
        </div>
      );
    case 'ready':
      return (
        <p class="ready" data-testid="headline" data-headline="ready">
          {headline.warnings > 0
            ? `Nothing holds this upload. Read the ${count(headline.warnings, 'warning')} below before you upload.`
            : 'Nothing holds this upload: validate it in the portal, then upload.'}
        </p>
      );
    case 'uploaded':
      return (
        <div class="uploaded" role="status" data-testid="headline" data-headline="uploaded" tabIndex={-1} ref={noticeRef}>
          <p class="uploaded-title">
            {headline.confirmed ? 'The portal is processing this upload.' : 'Uploaded: the portal has not confirmed it yet.'}
          </p>
          <p>
            Wait for its results email before the next upload. The file is not sent again: a second upload would apply its rows twice. CSV Guard
            checks it again when the upload has ended.
          </p>
        </div>
      );
    case 'upload-ended':
      return (
        <p class="hint" data-testid="headline" data-headline="upload-ended">
          The upload of {headline.fileName} from this tab has ended (its results were recorded, it was marked as finished, or it expired). CSV Guard
          checked this file again against it: read what it found below before you upload it again.
        </p>
      );
  }
}
