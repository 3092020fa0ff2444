/** Why a sliced file could not be put back together: always an error, never a wrong file. */
export class SliceError extends Error {}

interface PendingText {
  count: number;
  parts: (string | undefined)[];
  received: number;
  tabId?: number;
}

/**
 * Reassembles a file's text sent in slices ('check-upload-part'), so no single message is large.
 * Slices are kept under the file's one check id and may arrive in any order. The page sends a file again
 * under the same id (checked again, or re-sent to a restarted worker), so a slice arriving again unchanged
 * is the same slice; one arriving again with other text, a slice outside the announced count, a changed
 * count or a missing slice fails the whole file with a clear message. A tab starting a new file drops its
 * unfinished one, and at most `maxPending` files are in progress at once, so abandoned slices cannot pile up.
 */
export class TextSlices {
  private readonly pending = new Map<string, PendingText>();
  private readonly failed = new Map<string, string>();

  constructor(private readonly maxPending = 4) {}

  /** Store one slice; returns how many slices of this file have arrived. */
  add(checkId: string, index: number, count: number, text: string, tabId?: number): number {
    const failure = this.failed.get(checkId);
    if (failure) throw new SliceError(failure);
    let entry = this.pending.get(checkId);
    if (!entry) {
      if (!Number.isInteger(count) || count < 1) return this.fail(checkId, `The file was announced in ${String(count)} parts.`);
      this.dropOlderFrom(tabId);
      entry = { count, parts: new Array<string | undefined>(count), received: 0, tabId };
      this.pending.set(checkId, entry);
      this.bound();
    }
    if (count !== entry.count) return this.fail(checkId, `Part ${index + 1} of the file said it had ${count} parts, not ${entry.count}.`);
    if (!Number.isInteger(index) || index < 0 || index >= entry.count)
      return this.fail(checkId, `Part ${index + 1} of the file is outside its ${entry.count} parts.`);
    const earlier = entry.parts[index];
    if (earlier === text) return entry.received;
    if (earlier !== undefined) return this.fail(checkId, `Part ${index + 1} of the file arrived twice, with different text.`);
    entry.parts[index] = text;
    entry.received++;
    return entry.received;
  }

  /** The whole text, once every one of `count` slices has arrived; the slices are forgotten either way. */
  take(checkId: string, count: number): string {
    const failure = this.failed.get(checkId);
    this.failed.delete(checkId);
    if (failure) throw new SliceError(failure);
    const entry = this.pending.get(checkId);
    this.pending.delete(checkId);
    if (!entry) throw new SliceError('None of the file reached CSV Guard’s background (it may have restarted). Check the file again.');
    if (entry.count !== count) throw new SliceError(`The file was sent in ${entry.count} parts, but the check expected ${count}.`);
    const missing = entry.parts.findIndex((part) => part === undefined);
    if (entry.received !== count || missing !== -1) {
      throw new SliceError(`Part ${missing + 1} of ${count} of the file did not reach CSV Guard’s background. Check the file again.`);
    }
    return entry.parts.join('');
  }

  private fail(checkId: string, message: string): never {
    this.pending.delete(checkId);
    this.failed.set(checkId, message);
    while (this.failed.size > this.maxPending) this.failed.delete(this.failed.keys().next().value as string);
    throw new SliceError(message);
  }

  private dropOlderFrom(tabId: number | undefined): void {
    if (tabId === undefined) return;
    for (const [id, entry] of this.pending) if (entry.tabId === tabId) this.pending.delete(id);
  }

  private bound(): void {
    while (this.pending.size > this.maxPending) this.pending.delete(this.pending.keys().next().value as string);
  }
}
