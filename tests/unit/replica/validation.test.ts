import { describe, expect, it } from 'vitest';
import { parseUpload } from '../../portal-replica/csv-records';
import { Directory } from '../../portal-replica/directory';
import { validateUpload } from '../../portal-replica/validation';
import { COL, generatePeople, uploadCsv } from '../../support/generate';

const people = generatePeople(20, 5);

describe("replica validation (the portal's Validate step)", () => {
  it('counts rows whose local ID matches an existing account as updates', () => {
    const file = uploadCsv(people.slice(0, 5), (row, i) => ((row[COL.ExternalSyncID!] = i === 0 ? 'UNKNOWN' : row[COL.ExternalSyncID!]!), row));
    expect(validateUpload(new Directory(people), file)).toEqual({ errors: [], updates: 4 });
  });

  it('reports errors by real file line, counting lines inside quoted fields', () => {
    const file = [
      'ID,ExternalSyncID,FirstName,LastName,JobTitle,MobileNumber',
      `1,${people[0]!.localId},A,B,"Nurse`,
      `(nights)",07700900000`,
      '',
      `2,${people[1]!.localId},C,D,Porter,12345`,
      `3,${people[2]!.localId},E,F,Porter`,
    ].join('\r\n');
    expect(validateUpload(new Directory(people), file)).toEqual({
      errors: [
        { line: 5, message: 'Mobile number is not a valid UK mobile number' },
        { line: 6, message: 'Expected 6 fields but found 5' },
      ],
      updates: 1,
    });
  });

  it('parses records with their starting lines, skipping blank lines', () => {
    const parsed = parseUpload('a,b\n\n1,"x\ny"\n2,3\n');
    expect(parsed.header).toEqual(['a', 'b']);
    expect(parsed.records).toEqual([
      { line: 3, fields: ['1', 'x\ny'] },
      { line: 5, fields: ['2', '3'] },
    ]);
  });
});
