import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Directory } from '../../portal-replica/directory';
import { PortalModel, decodeUploadBytes } from '../../portal-replica/portal-model';
import { COL, generatePeople, uploadCsv } from '../../support/generate';

const people = generatePeople(30, 5);

describe('the portal model (shared by the replica server and the harm simulator)', () => {
  it('never moves a user to another organisational unit, but applies the rest of the row', () => {
    const portal = new PortalModel(new Directory(people));
    const person = people[3]!;
    const otherOu = person.ou === 'Corporate' ? 'Acute Services' : 'Corporate';
    const upload = portal.receive(
      'move.csv',
      uploadCsv([person], (row) => ((row[COL.OrganisationalUnit!] = otherOu), (row[COL.JobTitle!] = 'Matron'), row)),
    );
    portal.process(upload.uploadId);
    expect(upload.outcomes?.map((o) => o.action)).toEqual(['updated']);
    expect(portal.directory.byPortalId(person.portalId)).toMatchObject({ ou: person.ou, jobTitle: 'Matron' });
  });

  it('ignores a password column', () => {
    const portal = new PortalModel(new Directory(people));
    const person = people[4]!;
    const text = Papa.unparse({ fields: ['ExternalSyncID', 'JobTitle', 'Password'], data: [[person.localId, 'Porter', 'Secret1!']] });
    portal.process(portal.receive('p.csv', text).uploadId);
    expect(portal.directory.byPortalId(person.portalId)?.jobTitle).toBe('Porter');
    expect(JSON.stringify(portal.directory.accounts)).not.toContain('Secret1!');
  });

  it('fails part-way: rows before the failure are applied, later rows are not and have a blank result', () => {
    const portal = new PortalModel(new Directory(people));
    const file = uploadCsv(people.slice(0, 4), (row) => ((row[COL.JobTitle!] = 'Changed'), row));
    const upload = portal.receive('four.csv', file);
    portal.process(upload.uploadId, { failAfterRows: 2 });
    expect(upload.failedAfterRows).toBe(2);
    expect(upload.outcomes?.map((o) => o.action)).toEqual(['updated', 'updated', 'not-processed', 'not-processed']);
    expect(people.slice(0, 4).map((p) => portal.directory.byPortalId(p.portalId)?.jobTitle)).toEqual([
      'Changed',
      'Changed',
      people[2]!.jobTitle,
      people[3]!.jobTitle,
    ]);
    const results = Papa.parse<string[]>(upload.resultsCsv!, { skipEmptyLines: true }).data;
    expect(results.map((r) => r.at(-1))).toEqual(['Upload Result', 'Updated', 'Updated', '', '']);
  });

  it('can fail without sending a results email', () => {
    const portal = new PortalModel(new Directory(people));
    const upload = portal.receive('silent.csv', uploadCsv(people.slice(0, 3)));
    portal.process(upload.uploadId, { failAfterRows: 1, emailResults: false });
    expect(upload.processedAt).toBeDefined();
    expect(upload.resultsCsv).toBeUndefined();
  });

  it('matches each upload against the directory as it was when received: two uploads accepted together both create', () => {
    const portal = new PortalModel(new Directory(people));
    const starter = uploadCsv([
      {
        ...people[0]!,
        portalId: '',
        localId: '',
        firstName: 'Ada',
        lastName: 'Lovelace',
        displayName: 'Ada Lovelace',
        email: 'ada.lovelace@nhs.net',
      },
    ]);
    portal.receive('tab-1.csv', starter);
    portal.receive('tab-2.csv', starter);
    expect(portal.pending()).toHaveLength(2);
    for (const upload of portal.pending()) portal.process(upload.uploadId);
    expect(portal.directory.accounts.filter((a) => a.displayName === 'Ada Lovelace')).toHaveLength(2);
  });

  it('clones independently: trying an upload on a clone changes nothing in the original', () => {
    const portal = new PortalModel(new Directory(people));
    const copy = portal.clone();
    copy.process(
      copy.receive(
        'new.csv',
        uploadCsv([people[1]!], (row) => ((row[COL.ExternalSyncID!] = ''), row)),
      ).uploadId,
    );
    expect(copy.directory.accounts).toHaveLength(31);
    expect(portal.directory.accounts).toHaveLength(30);
    expect(portal.uploads).toHaveLength(0);
  });

  it('reads the bytes Excel saves: UTF-8 with or without a BOM, UTF-16 and Windows-1252', () => {
    const text = 'FirstName\r\nSiân\r\n';
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    const cp1252 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(decodeUploadBytes(new TextEncoder().encode(text))).toBe(text);
    expect(decodeUploadBytes(new TextEncoder().encode(`\uFEFF${text}`))).toBe(text);
    expect(decodeUploadBytes(utf16)).toBe(text);
    expect(decodeUploadBytes(cp1252)).toBe(text);
  });
});
