/**
 * A place to keep small values by key: storage.local or storage.session in the extension (see
 * storage.ts), a Map in tests and in the harm simulator. Modules that keep something take one of these,
 * so they never need the browser to be tested.
 */
export interface KeyValueArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** An area kept in memory, lost with the object. */
export function memoryArea(): KeyValueArea {
  const values = new Map<string, unknown>();
  return {
    get: async (key) => structuredClone(values.get(key)),
    set: async (key, value) => void values.set(key, structuredClone(value)),
  };
}
