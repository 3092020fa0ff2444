import type { Change } from '../../lib/fixes/types';
import { VisibleText } from '../shared/VisibleText';

/** Every change of the corrected file: line, column, old value → new value, and why. */
export function ChangeList({ changes, total }: { changes: readonly Change[]; total: number }) {
  if (total === 0) return <p class="hint">No values needed changing.</p>;
  return (
    <>
      <table class="change-list" data-testid="change-list">
        <caption class="visually-hidden">Changes made in the corrected file</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Old value → new value</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            <tr key={`${c.line}-${c.column}-${i}`}>
              <td>{c.line === 0 ? 'whole file' : c.line}</td>
              <td>
                <VisibleText text={c.column} />
              </td>
              <td>
                <Value text={c.old} /> → <Value text={c.new} />
              </td>
              <td>{c.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > changes.length && (
        <p class="hint">
          The first {changes.length.toLocaleString('en-GB')} of {total.toLocaleString('en-GB')} changes; download the change list for all of them.
        </p>
      )}
    </>
  );
}

function Value({ text }: { text: string }) {
  return text === '' ? (
    <em class="hint">(empty)</em>
  ) : (
    <code>
      <VisibleText text={text} />
    </code>
  );
}
