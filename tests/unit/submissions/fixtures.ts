import { testDb } from '../../support/background';
import { fingerprintRows } from '../../../lib/submissions/fingerprint';
import type { SlotRequest } from '../../../lib/submissions/types';

/** A slot request for a small upload of these local IDs. */
export function slotRequest(fileName: string, localIds: string[] = ['RXX000001', 'RXX000002']): SlotRequest {
  const rows = localIds.map((id, i) => [String(100000 + i), id, `First${i}`, `Last${i}`]);
  return {
    fileName,
    fingerprint: fingerprintRows(rows),
    rowCount: rows.length,
    header: ['ID', 'ExternalSyncID', 'FirstName', 'LastName'],
    localIds,
  };
}

/** Start each test with no history (fake-indexeddb lives as long as the test file). */
export async function clearHistory(): Promise<void> {
  const db = await testDb();
  await db.clear('submissions');
}
