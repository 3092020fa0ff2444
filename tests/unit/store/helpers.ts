import { openGuardDb, type GuardDb } from '../../../lib/store/db';
import { importMailboxReport } from '../../../lib/store/import-report';
import { generatePeople, mailboxReportCsv, type Person } from '../../support/generate';

let counter = 0;

/** A database of its own for each test (fake-indexeddb keeps databases for the whole file). */
export function freshDbName(): string {
  counter += 1;
  return `csv-guard-test-${counter}-${Math.random().toString(36).slice(2)}`;
}

export function freshDb(): Promise<GuardDb> {
  return openGuardDb(freshDbName());
}

export async function importPeople(db: GuardDb, people: readonly Person[], orgLabel = 'Trust A', fileName = 'Mailbox Report.csv') {
  return importMailboxReport(db, { orgLabel, fileName, text: mailboxReportCsv(people) });
}

export { generatePeople, mailboxReportCsv };
