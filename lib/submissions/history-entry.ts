import type { Submission } from './types';

/** The parts of a submission only the background uses: the file's local IDs and rows (megabytes for a large file). */
type FileDetails = 'header' | 'localIds' | 'predictedUpdateLocalIds' | 'predictedUpdateRowHashes' | 'predictedCreates' | 'predictedDuplicates';

/** A submission as the popup lists and exports it: everything but the file's own details. */
export type HistoryEntry = Omit<Submission, FileDetails>;

export function historyEntry(s: Submission): HistoryEntry {
  const {
    header: _header,
    localIds: _localIds,
    predictedUpdateLocalIds: _updateLocalIds,
    predictedUpdateRowHashes: _updateRowHashes,
    predictedCreates: _creates,
    predictedDuplicates: _duplicates,
    ...entry
  } = s;
  return entry;
}
