import { openGuardDb, type GuardDb } from './db';
import { lookupCacheFor } from './lookup-cache';
import { errorMessage } from '../error-message';

/** How the background's code reaches the database: the same open connection each time, opened on first use. */
export type OpenDb = () => Promise<GuardDb>;

/**
 * The background's connection, built once by entrypoints/background.ts and passed to whoever needs
 * it. If the browser closes it, or a newer version of the extension needs to upgrade the schema, the
 * next caller opens a fresh one.
 */
export function createDbConnection(name?: string): OpenDb {
  let connection: Promise<GuardDb> | undefined;
  return () =>
    (connection ??= openGuardDb(name)
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
        throw new Error(`CSV Guard could not open its storage in this browser (${errorMessage(error)}). Close other CSV Guard pages and try again.`);
      }));
}
