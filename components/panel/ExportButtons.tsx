import type { ExportKind } from '../../lib/messaging/checks-protocol';
import { EXPORT_LABELS } from './wording';

export function ExportButtons({
  kinds,
  exporting,
  error,
  onExport,
}: {
  kinds: readonly ExportKind[];
  exporting?: ExportKind;
  error?: string;
  onExport: (kind: ExportKind) => void;
}) {
  if (kinds.length === 0) return null;
  return (
    <div class="exports">
      <h3>Corrected files</h3>
      <p class="hint">Made on this computer; nothing is sent anywhere.</p>
      <div class="export-buttons">
        {kinds.map((kind) => (
          <button key={kind} type="button" data-export={kind} disabled={exporting !== undefined} onClick={() => onExport(kind)}>
            {exporting === kind ? 'Preparing…' : EXPORT_LABELS[kind]}
          </button>
        ))}
      </div>
      {error && (
        <p class="attention" role="alert">
          The file could not be prepared: {error}
        </p>
      )}
    </div>
  );
}
