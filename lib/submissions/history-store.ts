import type { GuardDb } from '../store/db';
import { IN_FLIGHT_STATES } from './transitions';
import type { Submission } from './types';

/**
 * Submission history in IndexedDB (the `submissions` store). It is also where the upload slot lives:
 * the slot is whichever submission is preparing or processing, so there is one source of truth that
 * survives the worker being stopped and the browser restarting.
 */

/** Every submission, newest first. */
export async function listSubmissions(db: GuardDb): Promise<Submission[]> {
  const all = await db.getAll('submissions');
  return all.sort((a, b) => b.createdAt - a.createdAt || b.updatedAt - a.updatedAt);
}

/** Submissions that hold the slot (normally none or one). */
export async function listInFlightSubmissions(db: GuardDb): Promise<Submission[]> {
  const lists = await Promise.all(IN_FLIGHT_STATES.map((state) => db.getAllFromIndex('submissions', 'byState', state)));
  return lists.flat();
}

export function getSubmission(db: GuardDb, id: string): Promise<Submission | undefined> {
  return db.get('submissions', id);
}

/** Write several changes in one transaction, so a replaced slot and its replacement change together. */
export async function saveSubmissions(db: GuardDb, changes: { put?: Submission[]; remove?: string[] }): Promise<void> {
  const tx = db.transaction('submissions', 'readwrite');
  for (const id of changes.remove ?? []) void tx.store.delete(id);
  for (const submission of changes.put ?? []) void tx.store.put(submission);
  await tx.done;
}

export function putSubmission(db: GuardDb, submission: Submission): Promise<void> {
  return saveSubmissions(db, { put: [submission] });
}

export function deleteSubmission(db: GuardDb, id: string): Promise<void> {
  return saveSubmissions(db, { remove: [id] });
}
