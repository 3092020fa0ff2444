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
          The portal did not say that any users already exist and will be updated, but CSV Guard expected {count(warning.expected, 'row')} to update
          existing accounts. If those rows are meant as updates, their local IDs do not match and uploading would create duplicate accounts.
        </p>
      ) : (
        <p>
          The portal says {count(warning.found, 'user')} already exist and will be updated, but CSV Guard expected{' '}
          {warning.expected.toLocaleString('en-GB')}.
          {warning.found < warning.expected && warning.portalErrorLines.length > 0
            ? ` The portal listed errors on ${lineList(warning.portalErrorLines)}: fix ${warning.portalErrorLines.length === 1 ? 'that row' : 'those rows'} and validate again. If the counts still differ, the other rows would create new accounts.`
            : warning.found < warning.expected
              ? ` The other ${count(warning.expected - warning.found, 'row')} would probably create duplicate accounts.`
              : ' The cached Mailbox Report may be out of date.'}{' '}
          Check the local IDs before you upload.
        </p>
      )}
    </div>
  );
}

/** "line 4", "lines 4 and 9", "lines 4, 9 and 12 (and 3 more)". */
export function lineList(lines: readonly number[]): string {
  const shown = lines.slice(0, 5).map((n) => n.toLocaleString('en-GB'));
  const more = lines.length - shown.length;
  if (shown.length === 1) return `line ${shown[0]}`;
  const joined = `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
  return `lines ${joined}${more > 0 ? ` (and ${more} more)` : ''}`;
}
