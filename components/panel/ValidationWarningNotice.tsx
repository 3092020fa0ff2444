import type { ValidationWarning } from '../../lib/page/validation-answer';
import { count } from './wording';

/** The portal's own documented warning sign, made impossible to miss. */
export function ValidationWarningNotice({ warning }: { warning: ValidationWarning }) {
  return (
    <div class="validation-warning" data-testid="validation-warning" data-reason={warning.reason} role="alert">
      <p class="warning-title">
        <span aria-hidden="true">⚠ </span>Check before you upload
      </p>
      {warning.reason === 'missing' ? (
        <p>
          The portal did not say that any users already exist and will be updated, but CSV Guard expected{' '}
          {count(warning.expected, 'row')} to update existing accounts. If those rows are meant as updates, their local IDs do not match and
          uploading would create duplicate accounts.
        </p>
      ) : (
        <p>
          The portal says {count(warning.found, 'user')} already exist and will be updated, but CSV Guard expected {warning.expected.toLocaleString('en-GB')}.
          {warning.found < warning.expected
            ? ` The other ${count(warning.expected - warning.found, 'row')} would probably create duplicate accounts.`
            : ' The cached Mailbox Report may be out of date.'}{' '}
          Check the local IDs before you upload.
        </p>
      )}
    </div>
  );
}
