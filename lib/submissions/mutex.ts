/**
 * A promise-chain lock: tasks run one after another, in the order they asked. The background is
 * single-threaded but its handlers await storage, so two tabs' read-modify-write of the slot could
 * otherwise interleave and both be granted.
 */
export type Exclusive = <T>(task: () => Promise<T>) => Promise<T>;

export function createMutex(): Exclusive {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    // A failed task must not block the ones queued after it.
    tail = result.catch(() => undefined);
    return result;
  };
}
