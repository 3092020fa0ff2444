import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { historyCsv } from '../../../lib/submissions/history-csv';
import { markExpired, markProcessing, markResultsReceived, startPreparing } from '../../../lib/submissions/transitions';
import { slotRequest } from './fixtures';

const T0 = Date.UTC(2026, 2, 2, 9, 0);

describe('exporting the history', () => {
  it('lists each upload with its state, outcome and note, readable in Excel and formula-safe', () => {
    const done = markResultsReceived(
      markProcessing(startPreparing(slotRequest('march.csv', ['A1', 'A2']), { id: '1' }, T0), T0 + 60_000),
      { succeeded: 1, failed: 1, unknown: 0, appliedLocalIds: ['A1'], failedLocalIds: ['A2'] },
      { resultsFileName: 'march results.csv' },
      T0 + 3_600_000,
    );
    const expired = markExpired(markProcessing(startPreparing(slotRequest('=cmd|calc.csv'), { id: '2' }, T0), T0), T0 + 25 * 3_600_000, 24);
    const file = historyCsv([done, expired], T0);
    expect(file.name).toBe('CSV Guard upload history 2026-03-02.csv');
    expect(file.content.startsWith('\uFEFF')).toBe(true);
    const [head, first, second] = Papa.parse<string[]>(file.content.slice(1).trim(), { newline: '\r\n' }).data;
    expect(head?.slice(0, 3)).toEqual(['File', 'State', 'Rows']);
    expect(first).toEqual(expect.arrayContaining(['march.csv', 'Results received', '2', '2026-03-02 09:01 UTC', '1', 'A2', 'march results.csv']));
    expect(second?.[0]).toBe("'=cmd|calc.csv");
    expect(second?.[1]).toBe('Expired (no results)');
    expect(second?.[14]).toMatch(/No results after 24 hours/);
  });
});
