import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../../../lib/store/generation-layout';
import { createMessageListener } from '../../../lib/messaging/router';
import { createDbConnection } from '../../../lib/store/connection';
import { startWorker } from '../../support/background';
import { portalTab, TEST_TRUST } from '../../support/senders';
import { freshDbName, generatePeople, importPeople } from '../store/helpers';

/** A stopped worker's next start (nothing in memory) over a database holding one imported report. */
async function coldWorkerWithReport(rows: number) {
  const name = freshDbName();
  const openDb = createDbConnection({ name });
  await importPeople(await openDb(), generatePeople(rows, 5));
  const worker = startWorker({ openDb });
  const listen = createMessageListener(worker.handlers, TEST_TRUST);
  const send = (sender: Parameters<typeof listen>[1]) => listen({ channel: 'csv-guard', type: 'prepare-check', data: {} }, sender);
  return { ...worker, send };
}

describe("'prepare-check': the page says the admin is heading for a file", () => {
  it('has a cold worker read the report’s key tables, build the indexes a check looks up by, and read its chunks, before any file arrives', async () => {
    const { send, lookupCache } = await coldWorkerWithReport(2500);
    expect(await lookupCache.readiness()).toEqual([]);

    expect(await send(portalTab(3))).toEqual({ ok: true, data: { prepared: true } });

    const [ready, ...others] = await lookupCache.readiness();
    expect(others).toEqual([]);
    // Never the name kind: a check does not look mailboxes up by name.
    expect(ready).toMatchObject({ indexedKinds: ['localId', 'email', 'mobile'], chunkCount: Math.ceil(2500 / CHUNK_ROWS) });
    expect(ready!.chunksHeld).toBe(ready!.chunkCount);
  });

  it('is refused from a tab on another site, which then reads nothing', async () => {
    const { send, lookupCache } = await coldWorkerWithReport(10);
    expect(await send(portalTab(3, 'https://portal.nhs.net.example.com/Admin'))).toMatchObject({
      ok: false,
      error: expect.stringContaining('CSV Guard refused "prepare-check" from an unknown sender'),
    });
    expect(await lookupCache.readiness()).toEqual([]);
  });

  it('answers that nothing was prepared when storage cannot be opened, without failing', async () => {
    const { handlers } = startWorker({ openDb: () => Promise.reject(new Error('IndexedDB is not available')) });
    expect(await handlers['prepare-check']({}, { tabId: 3 })).toEqual({ prepared: false });
  });

  it('prepares nothing, and succeeds, when no report is cached', async () => {
    const { handlers, lookupCache } = startWorker({ openDb: createDbConnection({ name: freshDbName() }) });
    expect(await handlers['prepare-check']({}, { tabId: 3 })).toEqual({ prepared: true });
    expect(await lookupCache.readiness()).toEqual([]);
  });
});
