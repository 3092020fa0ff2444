import { VisibleText } from '../shared/VisibleText';

/** Something in CSV Guard went wrong: say so calmly. Upload is held (with an override) until it is resolved. */
export function GuardError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div class="guard-error" data-testid="guard-error" role="alert">
      <p>
        CSV Guard could not check this file: <VisibleText text={message} />
      </p>
      <p>The portal works as usual, but this file has not been checked, so CSV Guard holds Upload until you decide.</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
