import { getGuardDb } from '../store/connection';
import type { GuardDb } from '../store/db';
import { IN_FLIGHT_STATES } from './transitions';
import type { Submission } from './types';

/**
 * Submission history in IndexedDB (the `submissions` store). It is also where the upload slot lives:
 * the slot is whichever submission is preparing or processing, so there is one source of truth that
 * survives the worker being stopped and the browser restarting.
 *
 * Without a connection given, each call uses the background's shared one (lib/store/connection), which
 * closes itself when the database is deleted or upgraded.
 */
async function withDb<T>(db: GuardDb | undefined, work: (db: GuardDb) => Promise<T>): Promise<T> {
  return work(db ?? (await getGuardDb()));
}

/** Every submission, newest first. */
export function listSubmissions(db?: GuardDb): Promise<Submission[]> {
  return withDb(db, async (d) => {
    const all = await d.getAll('submissions');
    return all.sort((a, b) => b.createdAt - a.createdAt || b.updatedAt - a.updatedAt);
  });
}

/** Submissions that hold the slot (normally none or one). */
export function listInFlightSubmissions(db?: GuardDb): Promise<Submission[]> {
  return withDb(db, async (d) => {
    const lists = await Promise.all(IN_FLIGHT_STATES.map((state) => d.getAllFromIndex('submissions', 'byState', state)));
    return lists.flat();
  });
}

export function getSubmission(id: string, db?: GuardDb): Promise<Submission | undefined> {
  return withDb(db, (d) => d.get('submissions', id));
}

/** Write several changes in one transaction, so a replaced slot and its replacement change together. */
export function saveSubmissions(changes: { put?: Submission[]; remove?: string[] }, db?: GuardDb): Promise<void> {
  return withDb(db, async (d) => {
    const tx = d.transaction('submissions', 'readwrite');
    for (const id of changes.remove ?? []) void tx.store.delete(id);
    for (const submission of changes.put ?? []) void tx.store.put(submission);
    await tx.done;
  });
}

export function putSubmission(submission: Submission, db?: GuardDb): Promise<void> {
  return saveSubmissions({ put: [submission] }, db);
}

export function deleteSubmission(id: string, db?: GuardDb): Promise<void> {
  return saveSubmissions({ remove: [id] }, db);
}
