import { describe, expect, it } from 'vitest';
import { generatePeople, mailboxReportCsv, uploadCsv } from '../support/generate';

describe('test data generator', () => {
  it('is deterministic and gives unique local IDs and emails', () => {
    const a = generatePeople(500, 7);
    expect(generatePeople(500, 7)).toEqual(a);
    expect(new Set(a.map((p) => p.localId)).size).toBe(500);
    expect(new Set(a.map((p) => p.email)).size).toBe(500);
  });

  it('writes a report and an upload with one line per person plus the header', () => {
    const people = generatePeople(3);
    expect(mailboxReportCsv(people).split('\r\n')).toHaveLength(4);
    expect(uploadCsv(people).split('\r\n')[0]).toMatch(/^ID,ExternalSyncID,/);
  });
});
