import type { CheckedCorrection } from '../fixes/checked-correction';

/** The change list as plain text (the command line's `--fix`): every change by line, then where every row went. */
export function changeListText(checked: CheckedCorrection, names: { corrected: string; needsAttention?: string }): string {
  const { correction, recheck } = checked;
  const out: string[] = [];
  const n = (x: number) => x.toLocaleString('en-GB');
  out.push(`Corrected file: ${names.corrected} (${n(correction.rows.length)} row${correction.rows.length === 1 ? '' : 's'})`);
  out.push(
    checked.offered
      ? `  Checked again: no blocking problems. ${n(recheck.summary.predictedUpdates)} update${recheck.summary.predictedUpdates === 1 ? '' : 's'}, ${n(recheck.summary.predictedNewAccounts)} new account${recheck.summary.predictedNewAccounts === 1 ? '' : 's'}.`
      : `  Checked again: NOT READY TO UPLOAD (${correction.rows.length === 0 ? 'no rows left to upload' : 'blocking problems remain'}).`,
  );
  if (correction.attention.length > 0) {
    out.push(
      `Needs attention: ${n(correction.attention.length)} row${correction.attention.length === 1 ? '' : 's'}${names.needsAttention ? `, written to ${names.needsAttention}` : ' (give --needs-attention <file> to write them)'}`,
    );
    for (const r of correction.attention) out.push(`  Line ${String(r.line).padEnd(4)} ${r.reason}`);
  }
  if (correction.dropped.length > 0)
    out.push(`Left out (change nothing): ${n(correction.dropped.length)} row${correction.dropped.length === 1 ? '' : 's'}`);
  else if (correction.noChangeLines.length > 0)
    out.push(
      `${n(correction.noChangeLines.length)} row${correction.noChangeLines.length === 1 ? ' changes' : 's change'} nothing (add --drop-no-change to leave them out).`,
    );
  out.push('');
  out.push(correction.changes.length === 0 ? 'No changes.' : `Changes (${n(correction.changes.length)}):`);
  for (const c of correction.changes) {
    const where = c.line === 0 ? 'File    ' : `Line ${String(c.line).padEnd(4)}`;
    out.push(`${where} ${c.column ? `${c.column}: ` : ''}${quote(c.old)} → ${quote(c.new)}  (${c.why})`);
  }
  return `${out.join('\n')}\n`;
}

function quote(value: string): string {
  return `"${value.replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/g, (ch) => `<U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`)}"`;
}
