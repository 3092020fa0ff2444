import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Directory } from '../../portal-replica/directory';
import { processUpload } from '../../portal-replica/processing';
import { COL, generatePeople, uploadCsv } from '../../support/generate';

const people = generatePeople(50, 3);
const options = (directory: Directory, uploadId = 'UPL1') => ({
  uploadId,
  matchedAtReceipt: directory.localIdSnapshot(),
  resultColumnName: 'Upload Result',
});

describe('replica processing (the portal applying an upload)', () => {
  it('updates the account whose local ID matches', () => {
    const directory = new Directory(people);
    const { outcomes } = processUpload(
      directory,
      uploadCsv([people[4]!], (row) => ((row[COL.JobTitle!] = 'Matron'), row)),
      options(directory),
    );
    expect(outcomes.map((o) => o.result)).toEqual(['Updated']);
    expect(directory.byPortalId(people[4]!.portalId)?.jobTitle).toBe('Matron');
    expect(directory.accounts).toHaveLength(50);
  });

  it('creates a second account for an existing person whose row has a stale local ID', () => {
    const directory = new Directory(people);
    const person = people[7]!;
    const namesakes = () => directory.accounts.filter((a) => a.firstName === person.firstName && a.lastName === person.lastName).length;
    const before = namesakes();
    const file = uploadCsv([person], (row) => ((row[COL.ExternalSyncID!] = 'STALE-1'), row));
    const { outcomes } = processUpload(directory, file, options(directory));
    expect(outcomes.map((o) => o.result)).toEqual(['Created']);
    const created = directory.accounts.at(-1)!;
    expect(created).toMatchObject({
      localId: 'STALE-1',
      createdByUploadId: 'UPL1',
      status: 'Pending',
      firstName: person.firstName,
      lastName: person.lastName,
    });
    expect(created.email).not.toBe(person.email);
    expect(namesakes()).toBe(before + 1);
    expect(directory.byPortalId(person.portalId)?.localId).toBe(person.localId);
  });

  it('gives a blank local ID a new one and a taken address a numbered one', () => {
    const directory = new Directory(people);
    const person = people[0]!;
    processUpload(
      directory,
      uploadCsv([person], (row) => ((row[COL.ExternalSyncID!] = ''), row)),
      options(directory),
    );
    const created = directory.accounts.at(-1)!;
    expect(created.localId).toMatch(/^NEW\d+$/);
    const base = person.email.replace(/\d*@.*$/, '');
    expect(created.email).toMatch(new RegExp(`^${base.replace('.', '\\.')}\\d+@nhs\\.net$`));
    expect(directory.accounts.filter((a) => a.email === created.email)).toHaveLength(1);
  });

  it('fails rows with a non-UK mobile or a malformed email, changing nothing', () => {
    const directory = new Directory(people);
    const file = uploadCsv([people[1]!, people[2]!], (row, i) => {
      row[COL.JobTitle!] = 'Changed';
      if (i === 0) row[COL.MobileNumber!] = '+1 555 0100';
      else row[COL.EmailAddress!] = 'not-an-address';
      return row;
    });
    const { outcomes } = processUpload(directory, file, options(directory));
    expect(outcomes.map((o) => o.result)).toEqual(['Failed - Mobile number is not a valid UK mobile number', 'Failed - Email address is not valid']);
    expect(directory.byPortalId(people[1]!.portalId)?.jobTitle).toBe(people[1]!.jobTitle);
    expect(directory.accounts).toHaveLength(50);
  });

  it('refuses to give an account an address another account already has', () => {
    const directory = new Directory(people);
    const file = uploadCsv([people[1]!], (row) => ((row[COL.EmailAddress!] = people[2]!.email), row));
    expect(processUpload(directory, file, options(directory)).outcomes[0]?.result).toBe('Failed - Email address is already in use');
    expect(directory.byPortalId(people[1]!.portalId)?.email).toBe(people[1]!.email);
  });

  it('accepts UK mobiles written as 07…, +44 7… and 447…', () => {
    const directory = new Directory(people);
    const mobiles = ['07700 900123', '+44 7700-900124', '447700900125'];
    const file = uploadCsv(people.slice(0, 3), (row, i) => ((row[COL.MobileNumber!] = mobiles[i]!), row));
    expect(processUpload(directory, file, options(directory)).outcomes.map((o) => o.result)).toEqual(['Updated', 'Updated', 'Updated']);
  });

  it('matches headers tolerantly: "External Sync ID", "local_id", different case', () => {
    const directory = new Directory(people);
    const person = people[9]!;
    for (const header of ['External Sync ID', 'local_id', 'EXTERNALSYNCID', 'Local Unique Identifier']) {
      const file = Papa.unparse({ fields: [header, 'Job Title'], data: [[person.localId, `Title via ${header}`]] });
      expect(processUpload(directory, file, options(directory)).outcomes[0]?.result).toBe('Updated');
      expect(directory.byPortalId(person.portalId)?.jobTitle).toBe(`Title via ${header}`);
    }
  });

  it('lets two uploads received before either is processed both create (the parallel-upload harm)', () => {
    const directory = new Directory(people);
    const newcomer = uploadCsv([
      { ...people[0]!, localId: 'NEWSTARTER1', firstName: 'Ada', lastName: 'Lovelace', displayName: 'Ada Lovelace', email: 'ada.lovelace@nhs.net' },
    ]);
    const first = options(directory, 'UPL1');
    const second = options(directory, 'UPL2');
    processUpload(directory, newcomer, first);
    processUpload(directory, newcomer, second);
    const adas = directory.accounts.filter((a) => a.displayName === 'Ada Lovelace');
    expect(adas.map((a) => a.email)).toEqual(['ada.lovelace@nhs.net', 'ada.lovelace2@nhs.net']);
    expect(adas.map((a) => a.localId)).toEqual(['NEWSTARTER1', 'NEWSTARTER1']);
  });

  it('sends back the uploaded CSV with one extra result column, rows in the same order', () => {
    const directory = new Directory(people);
    const file = uploadCsv(people.slice(0, 2), (row, i) => ((row[COL.ExternalSyncID!] = i === 1 ? 'X' : row[COL.ExternalSyncID!]!), row));
    const { resultsCsv } = processUpload(directory, file, { ...options(directory), resultColumnName: 'Result' });
    const uploaded = Papa.parse<string[]>(file).data;
    const returned = Papa.parse<string[]>(resultsCsv).data;
    expect(returned.map((row) => row.slice(0, -1))).toEqual(uploaded);
    expect(returned.map((row) => row.at(-1))).toEqual(['Result', 'Updated', 'Created']);
  });
});
