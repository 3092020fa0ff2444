/**
 * The last few checks, by id, so an export need not parse and check the file again. Lost when the
 * worker stops; that is fine because export requests carry the file's text.
 */
export class RecentChecks<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit = 3) {}

  get(id: string): T | undefined {
    return this.entries.get(id);
  }

  set(id: string, value: T): void {
    this.entries.delete(id);
    this.entries.set(id, value);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
