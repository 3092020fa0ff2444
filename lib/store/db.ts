import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Mailbox, ReportMeta } from '../portal/mailbox';
import type { Submission } from '../submissions/types';

/**
 * The extension's one IndexedDB database, in the extension's own origin (background, popup, options).
 * Content scripts never open it: IndexedDB there would belong to the portal's origin.
 */
export const DB_NAME = 'csv-guard';
export const DB_VERSION = 1;

/** A stored mailbox: which import generation it belongs to, plus the normalised keys the lookups use. */
export interface StoredMailbox extends Mailbox {
  /** Import generation; only rows of a report's active generation are visible. */
  generation: string;
  emailKey: string;
  nameKey: string;
  mobileKey: string;
}

export interface StoredReport extends ReportMeta {
  /** Generation whose mailboxes are live for this organisation. */
  generation: string;
}

export interface GuardDbSchema extends DBSchema {
  reports: { key: string; value: StoredReport };
  mailboxes: {
    key: number;
    value: StoredMailbox;
    indexes: {
      byGeneration: string;
      byLocalId: [string, string];
      byEmail: [string, string];
      byName: [string, string];
      byMobile: [string, string];
    };
  };
  submissions: { key: string; value: Submission; indexes: { byState: string; byUpdatedAt: number } };
}

export type GuardDb = IDBPDatabase<GuardDbSchema>;

export function openGuardDb(name: string = DB_NAME): Promise<GuardDb> {
  return openDB<GuardDbSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('reports', { keyPath: 'orgId' });
        const mailboxes = db.createObjectStore('mailboxes', { autoIncrement: true });
        mailboxes.createIndex('byGeneration', 'generation');
        mailboxes.createIndex('byLocalId', ['generation', 'localId']);
        mailboxes.createIndex('byEmail', ['generation', 'emailKey']);
        mailboxes.createIndex('byName', ['generation', 'nameKey']);
        mailboxes.createIndex('byMobile', ['generation', 'mobileKey']);
        const submissions = db.createObjectStore('submissions', { keyPath: 'id' });
        submissions.createIndex('byState', 'state');
        submissions.createIndex('byUpdatedAt', 'updatedAt');
      }
    },
  });
}
