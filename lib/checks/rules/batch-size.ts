import { plural } from '../describe';
import type { Rule } from '../rule';

/** More rows than the batch size in settings (the extension's own default, not a portal limit). */
export const batchSizeRule: Readonly<Rule> = {
  id: 'batch-size',
  run(input, emit) {
    const rows = input.ctx.table.rows.length;
    const size = Math.max(1, Math.floor(input.ctx.settings.batchSize));
    if (rows <= size) return;
    const batches = Math.ceil(rows / size);
    emit({
      rule: 'batch-size',
      severity: 'warn',
      line: 0,
      message: `This file has ${plural(rows, 'row')}. CSV Guard suggests at most ${size.toLocaleString('en-GB')} rows per upload: that is CSV Guard's own setting, not a portal limit (the portal publishes none, but advises several smaller submissions rather than one large one).`,
      fix: `Download the file split into ${batches} batches and upload them one at a time, waiting for each to finish before starting the next.`,
    });
  },
};
