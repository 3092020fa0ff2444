/**
 * The Mailbox Report imports running in this worker, by the generation each one writes, each with a way
 * to stop it. The orphan sweep must not touch a generation being written, and "Delete cached data" stops
 * every import so nothing is saved after it. Built once per worker start (entrypoints/background.ts) and
 * passed by name to the import port, the report handlers and the retention run, so all three see the same imports.
 */
export class ImportsInProgress {
  private readonly writing = new Map<string, AbortController>();

  /** Register an import's generation; the returned signal fires if every import is stopped. */
  start(generation: string): AbortSignal {
    const controller = new AbortController();
    this.writing.set(generation, controller);
    return controller.signal;
  }

  finish(generation: string): void {
    this.writing.delete(generation);
  }

  isWriting(generation: string): boolean {
    return this.writing.has(generation);
  }

  /** Stop every import in progress (their partial rows are deleted and no report is swapped in). */
  stopAll(): void {
    for (const controller of this.writing.values()) controller.abort();
  }
}
