import { openGuardDb, type GuardDb } from './db';
import { errorMessage } from '../error-message';

/** How the background's code reaches the database: the same open connection each time, opened on first use. */
export type OpenDb = () => Promise<GuardDb>;

export interface DbConnectionOptions {
  /** The database's name (the extension's own when unset). */
  name?: string;
  /**
   * Called when the open connection goes (the browser closed it, or a newer version upgrades the
   * schema, which may rewrite every row): whatever was read through it must not answer again.
   */
  onClose?: () => void;
}

/**
 * The background's connection, built once by entrypoints/background.ts and passed to whoever needs
 * it. If the browser closes it, or a newer version of the extension needs to upgrade the schema, the
 * next caller opens a fresh one.
 */
export function createDbConnection({ name, onClose }: DbConnectionOptions = {}): OpenDb {
  let connection: Promise<GuardDb> | undefined;
  return () =>
    (connection ??= openGuardDb(name)
      .then((db) => {
        const forget = () => {
          connection = undefined;
          onClose?.();
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
