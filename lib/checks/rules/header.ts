import { compareHeader, isPasswordHeading } from '../../portal/template-check';
import { nameList, plural, shown } from '../describe';
import type { Rule } from '../rule';

/**
 * The heading row against the template in force. With the template learnt from the portal's own
 * sample file, missing or re-ordered columns block (the portal requires its headings in its order);
 * with the bundled best guess they warn, because the real headings may differ from ours.
 */
export const headerRule: Readonly<Rule> = {
  id: 'header',
  run(input, emit) {
    const { table, template } = input.ctx;
    const line = input.headerLine;
    const cmp = compareHeader(table.header, template);
    const learnt = template.source === 'learnt';
    const source = learnt
      ? "the portal's sample file"
      : "CSV Guard's built-in copy of the portal's sample file (the portal has not been visited yet to read the real one)";

    if (table.separatorLine !== undefined) {
      emit({
        rule: 'header',
        severity: 'warn',
        line: 1,
        message: `The first line of ${table.fileName}, "${shown(table.separatorLine)}", is Excel's note of the column separator. CSV Guard read the headings from line 2, but the portal reads the file as it is, so it will take "${shown(table.separatorLine)}" as the heading row and may reject every row.`,
        fix: 'Delete line 1 before uploading, or save the file again from Excel as "CSV UTF-8 (Comma delimited)".',
      });
    }

    if (cmp.mailboxReport) {
      emit({
        rule: 'header',
        severity: 'block',
        line,
        message: `${table.fileName} looks like a Mailbox Report (it has ${nameList(table.header.filter((h) => /status|mailboxtype/i.test(h.replace(/\s/g, ''))).map((h) => `"${h}"`))} columns), not a file of users to upload.`,
        fix: "Choose the file you mean to upload. To check uploads against this report, import it on CSV Guard's Reports page instead.",
      });
      return;
    }

    if (table.rows.length === 0) {
      emit({
        rule: 'header',
        severity: 'block',
        line,
        message: `${table.fileName} has a heading row but no users below it, so there is nothing to upload.`,
        fix: 'Add the users you want to update below the heading row, or choose the right file.',
      });
    }

    if (input.ctx.columns.localId === undefined) {
      emit({
        rule: 'header',
        severity: 'block',
        line,
        message: `The file has no local ID column (ExternalSyncID), so the portal cannot match rows to existing accounts: rows without the portal ID will create new accounts.`,
        fix: `Add the ExternalSyncID column from ${learnt ? "the portal's sample file" : 'the Mailbox Report'} with each person's local ID. If your file calls it something else, choose that column as the local ID in CSV Guard.`,
      });
    }

    for (const dup of cmp.duplicated) {
      const positions = dup.indexes.map((i) => i + 1);
      emit({
        rule: 'header',
        severity: 'block',
        line,
        column: dup.heading,
        message: `The heading "${shown(dup.heading)}" appears ${dup.indexes.length} times (columns ${nameList(positions.map(String))}). The portal cannot tell which one to use.`,
        fix: `Keep one "${shown(dup.heading)}" column and delete the others.`,
      });
    }

    if (cmp.missing.length > 0) {
      emit({
        rule: 'header',
        severity: learnt ? 'block' : 'warn',
        line,
        column: cmp.missing[0],
        message: `The file is missing ${plural(cmp.missing.length, 'column')} that ${source} has: ${nameList(cmp.missing.map((h) => `"${h}"`))}.`,
        fix: `Add the missing columns (they can be left empty) so the headings match the sample file in the same order.`,
      });
    }

    const unknown = cmp.unknown.filter((u) => !isPasswordHeading(u.heading));
    if (unknown.length > 0) {
      const names = unknown.map((u) => (u.heading.trim() ? `"${shown(u.heading)}"` : `column ${u.index + 1} (no heading)`));
      emit({
        rule: 'header',
        severity: 'warn',
        line,
        column: unknown[0]!.heading,
        message: `The file has ${plural(unknown.length, 'column')} that ${source} does not have: ${nameList(names)}. The portal may reject the file.`,
        fix: "Delete these columns, or rename them to the sample file's headings if that is what they are.",
      });
    }

    for (const r of cmp.respelt.slice(0, 20)) {
      emit({
        rule: 'header',
        severity: 'warn',
        line,
        column: r.heading,
        message: `Column ${r.index + 1} is headed "${shown(r.heading)}"; the sample file spells it "${r.expected}".`,
        fix: `Rename the heading to "${r.expected}" exactly.`,
      });
    }

    if (cmp.reordered) {
      emit({
        rule: 'header',
        severity: learnt ? 'block' : 'warn',
        line,
        message: `The columns are not in the same order as in ${source}. The portal requires the sample file's headings in the same order.`,
        fix: `Put the columns in this order: ${template.header.join(', ')}.`,
      });
    }
  },
};
