import { openGuardDb, type GuardDb } from './db';
import { lookupCacheFor } from './lookup-cache';

/**
 * The background's one open connection, opened on first use. If the browser closes it, or a newer
 * version of the extension needs to upgrade the schema, the next caller opens a fresh one.
 */
let connection: Promise<GuardDb> | undefined;

export function getGuardDb(): Promise<GuardDb> {
  connection ??= openGuardDb()
    .then((db) => {
      const forget = () => {
        connection = undefined;
        // A schema upgrade may rewrite every row: nothing held for this connection may answer again.
        lookupCacheFor(db).clear();
      };
      db.addEventListener('close', forget);
      db.addEventListener('versionchange', () => {
        db.close();
        forget();
      });
      return db;
    })
    .catch((error: unknown) => {
      connection = undefined;
      throw new Error(
        `CSV Guard could not open its storage in this browser (${error instanceof Error ? error.message : String(error)}). Close other CSV Guard pages and try again.`,
      );
    });
  return connection;
}
