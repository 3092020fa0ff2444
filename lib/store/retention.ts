/** Stub: deletes cached reports and history older than the retention setting. */
export async function runRetention(_now: number = Date.now()): Promise<void> {}
