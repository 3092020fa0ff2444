/** Stub: time- and tab-driven transitions of the submission tracker, called by the background. */
export async function expireSubmissions(_now: number = Date.now()): Promise<void> {}
export async function releaseSlotForClosedTab(_tabId: number): Promise<void> {}
