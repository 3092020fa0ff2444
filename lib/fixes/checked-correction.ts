import type { CheckContext, CheckResult } from '../checks/context';
import { buildMailboxIndex } from '../checks/mailbox-index';
import type { CsvTable } from '../csv/types';
import type { ExportedFile } from '../messaging/checks-protocol';
import { changeListFile, correctedFile, needsAttentionFile } from '../output/fix-files';
import type { Mailbox } from '../portal/mailbox';
import { correctUpload, type AttentionRow, type Correction, type CorrectionOptions } from './correct';

/** Check a written file from scratch, as a chosen file is checked: parse, look up, rules. */
export type RecheckFile = (file: ExportedFile) => Promise<{ ok: true; result: CheckResult; mailboxes: Mailbox[] } | { ok: false; error: string }>;

/** A correction whose corrected file went through the whole check again, as written. */
export interface CheckedCorrection {
  correction: Correction;
  corrected: ExportedFile;
  needsAttention?: ExportedFile;
  changeList: ExportedFile;
  /** The check of the corrected file as written (its own line numbers). */
  recheck: CheckResult;
  /** Blocking findings remain in the written file's check: the file is not offered for upload. */
  offered: boolean;
}

/**
 * Correct an upload, then check the corrected file as written with the same pipeline as any chosen
 * file. Its new local IDs may find cached mailboxes the first lookup did not (another organisation
 * with the same ID): then correct again knowing those too, so every row's reason names the original
 * line. Rows that still block after that go to "needs attention" as well.
 */
export async function checkedCorrection(ctx: CheckContext, recheckFile: RecheckFile, options: CorrectionOptions = {}): Promise<CheckedCorrection> {
  const known = new Map<string, Mailbox>();
  const keyOf = (m: Mailbox) => `${m.orgId}\u0000${m.localId}\u0000${m.email}`;
  const all = (): Mailbox[] => [...known.values()];
  for (const list of ctx.mailboxes.byEmail.values()) for (const m of list) known.set(keyOf(m), m);
  for (const list of ctx.mailboxes.byLocalId.values()) for (const m of list) known.set(keyOf(m), m);
  for (const list of ctx.mailboxes.byMobile.values()) for (const m of list) known.set(keyOf(m), m);

  let context = ctx;
  for (let attempt = 0; ; attempt++) {
    const correction = correctUpload(context, options);
    const files = filesFor(correction, ctx.table);
    const checked = await recheckFile(files.corrected);
    if (!checked.ok) throw new Error(`The corrected file could not be checked again: ${checked.error}`);
    const blocked = rowsBlocked(checked.result, correction);
    const before = known.size;
    for (const m of checked.mailboxes) known.set(keyOf(m), m);
    if (blocked.length > 0 && known.size > before && attempt < 2) {
      context = { ...ctx, mailboxes: buildMailboxIndex(all()) };
      continue;
    }
    if (blocked.length > 0) {
      // Still blocking (should not happen once every mailbox is known): move those rows too, with the written file's reasons.
      const moved = new Set(blocked.map((b) => b.line));
      const moreAttention: AttentionRow[] = blocked.map((b) => ({
        line: b.line,
        values: ctx.table.rows.find((r) => r.line === b.line)?.values ?? [],
        reason: b.reason,
      }));
      const narrowed: Correction = {
        ...correction,
        rows: correction.rows.filter((r) => !moved.has(r.line)),
        attention: [...correction.attention, ...moreAttention].sort((a, b) => a.line - b.line),
        changes: correction.changes.filter((c) => !moved.has(c.line)),
      };
      const narrowedFiles = filesFor(narrowed, ctx.table);
      const again = await recheckFile(narrowedFiles.corrected);
      if (!again.ok) throw new Error(`The corrected file could not be checked again: ${again.error}`);
      return finish(narrowed, narrowedFiles, again.result);
    }
    return finish(correction, files, checked.result);
  }
}

function filesFor(correction: Correction, table: CsvTable) {
  return {
    corrected: correctedFile(correction, table),
    needsAttention: needsAttentionFile(correction, table),
    changeList: changeListFile(correction, table),
  };
}

function finish(correction: Correction, files: ReturnType<typeof filesFor>, recheck: CheckResult): CheckedCorrection {
  const offered = correction.rows.length > 0 && !recheck.findings.some((f) => f.severity === 'block');
  const out: CheckedCorrection = { correction, corrected: files.corrected, changeList: files.changeList, recheck, offered };
  if (files.needsAttention) out.needsAttention = files.needsAttention;
  return out;
}

/**
 * Blocking row findings of the written file, by the original line of each row. The written file
 * has a heading row, then one record per corrected row in order, so record i is corrected row i.
 */
function rowsBlocked(result: CheckResult, correction: Correction): { line: number; reason: string }[] {
  const writtenLines = new Map<number, number>();
  // Lines of the written file's records: recomputed from the values' line breaks.
  let line = 2;
  correction.rows.forEach((r, i) => {
    writtenLines.set(line, i);
    line += 1 + r.values.reduce((n, v) => n + (v.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  });
  const out = new Map<number, string[]>();
  for (const f of result.findings) {
    if (f.severity !== 'block' || f.line <= 1) continue;
    const index = writtenLines.get(f.line);
    const row = index === undefined ? undefined : correction.rows[index];
    if (!row) continue;
    const list = out.get(row.line) ?? [];
    list.push(`${f.message}${f.fix ? ` ${f.fix}` : ''} (line ${f.line} of the corrected file)`);
    out.set(row.line, list);
  }
  return [...out].map(([l, reasons]) => ({ line: l, reason: reasons.join(' | ') }));
}
