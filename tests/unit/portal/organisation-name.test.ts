import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { guessOrganisation, sameOrganisation } from '../../../lib/portal/organisation-name';
import { generatePeople, mailboxReportCsv } from '../../support/generate';

const people = generatePeople(50);

function withColumn(name: string, value: (i: number) => string): string {
  const [header = [], ...rows] = Papa.parse<string[]>(mailboxReportCsv(people).trim(), { newline: '\r\n' }).data;
  return Papa.unparse({ fields: [...header, name], data: rows.map((r, i) => [...r, value(i)]) }, { newline: '\r\n' });
}

describe('naming a Mailbox Report from its content, not its file name', () => {
  it('uses the organisation column when the rows agree', () => {
    expect(guessOrganisation(withColumn('Organisation', () => 'Leeds Teaching Hospitals NHS Trust'))).toEqual({
      name: 'Leeds Teaching Hospitals NHS Trust',
      source: 'organisation-column',
      options: [],
    });
  });

  it('uses one organisational unit when the whole report is in it', () => {
    const text = mailboxReportCsv(people.map((p) => ({ ...p, ou: 'Riverside GP Practice' })));
    expect(guessOrganisation(text)).toMatchObject({ name: 'Riverside GP Practice', source: 'ou-column' });
  });

  it('uses the email domain when it is the organisation\u2019s own', () => {
    const text = mailboxReportCsv(people.map((p) => ({ ...p, email: p.email.replace('@nhs.net', '@leedsth.nhs.uk') })));
    expect(guessOrganisation(text)).toMatchObject({ name: 'leedsth.nhs.uk', source: 'email-domain' });
  });

  it('asks when the content is ambiguous: shared nhs.net addresses, several units, organisations mixed', () => {
    expect(guessOrganisation(mailboxReportCsv(people))).toEqual({ options: [] });
    const mixed = guessOrganisation(withColumn('Organisation', (i) => (i % 2 ? 'Trust A' : 'Trust B')));
    expect(mixed.name).toBeUndefined();
    expect(mixed.options.sort()).toEqual(['Trust A', 'Trust B']);
  });

  it('prefers the name the portal page shows', () => {
    expect(guessOrganisation(mailboxReportCsv(people), 'Demo Hospital Trust (RXX)')).toMatchObject({
      name: 'Demo Hospital Trust (RXX)',
      source: 'page',
    });
  });

  it('never names a report after the file ("Mailbox Report")', () => {
    expect(guessOrganisation(mailboxReportCsv(people)).name).not.toBe('Mailbox Report');
  });

  it('compares names without case, spaces or punctuation', () => {
    expect(sameOrganisation('Leeds Teaching Hospitals', 'leeds  teaching-hospitals')).toBe(true);
    expect(sameOrganisation('Trust A', 'Trust B')).toBe(false);
  });
});
