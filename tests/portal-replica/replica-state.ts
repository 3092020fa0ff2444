import { generatePeople } from '../support/generate';
import { Directory } from './directory';
import { processUpload } from './processing';

export interface ReplicaSettings {
  /** How many seeded people the directory starts with (default 2000). */
  people: number;
  seed: number;
  /** How long after Upload the portal processes the file (default 1500 ms). */
  processingDelayMs: number;
  /** Name of the extra column in the results email (default 'Upload Result'). */
  resultColumnName: string;
}

export const DEFAULT_SETTINGS: ReplicaSettings = { people: 2000, seed: 1, processingDelayMs: 1500, resultColumnName: 'Upload Result' };

export interface ReplicaUpload {
  uploadId: string;
  fileName: string;
  rowCount: number;
  receivedAt: string;
  processedAt?: string;
  /** Set when the portal stopped part-way (see failNextUploadAfter): some rows applied, no results email. */
  failedAt?: string;
  appliedRows?: number;
}

interface StoredUpload extends ReplicaUpload {
  text: string;
  resultsCsv?: string;
}

/** Everything the replica remembers between requests; reset() starts over. */
export class ReplicaState {
  settings: ReplicaSettings = DEFAULT_SETTINGS;
  directory = new Directory();
  private uploads: StoredUpload[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private uploadCounter = 0;
  private failAfterRows: number | undefined;

  constructor(settings: Partial<ReplicaSettings> = {}) {
    this.reset(settings);
  }

  reset(settings: Partial<ReplicaSettings> = {}): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.settings = { ...DEFAULT_SETTINGS, ...definedOnly(settings) };
    this.directory = new Directory(generatePeople(this.settings.people, this.settings.seed));
    this.uploads = [];
    this.uploadCounter = 0;
    this.failAfterRows = undefined;
  }

  /** Accepts a file now and processes it later, on its own timer: two uploads at once both apply. */
  /** Test control: the next upload stops after applying its first `rows` rows, and sends no results email. */
  failNextUploadAfter(rows: number): void {
    this.failAfterRows = rows;
  }

  receiveUpload(fileName: string, text: string, rowCount: number): string {
    const uploadId = `UPL${String(++this.uploadCounter).padStart(5, '0')}`;
    const upload: StoredUpload = { uploadId, fileName, rowCount, receivedAt: new Date().toISOString(), text };
    this.uploads.push(upload);
    const matchedAtReceipt = this.directory.localIdSnapshot();
    const directory = this.directory;
    const failAfter = this.failAfterRows;
    this.failAfterRows = undefined;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (failAfter !== undefined) {
        // A failure part-way: the first rows are applied (one record per line in test files), then nothing.
        const applied = text.split(/\r\n|\n/).slice(0, 1 + failAfter).join('\r\n');
        processUpload(directory, applied, { uploadId, matchedAtReceipt, resultColumnName: this.settings.resultColumnName });
        upload.failedAt = new Date().toISOString();
        upload.appliedRows = failAfter;
        return;
      }
      const processed = processUpload(directory, text, { uploadId, matchedAtReceipt, resultColumnName: this.settings.resultColumnName });
      upload.resultsCsv = processed.resultsCsv;
      upload.processedAt = new Date().toISOString();
    }, this.settings.processingDelayMs);
    this.timers.add(timer);
    return uploadId;
  }

  listUploads(): ReplicaUpload[] {
    return this.uploads.map(({ uploadId, fileName, rowCount, receivedAt, processedAt, failedAt, appliedRows }) => ({ uploadId, fileName, rowCount, receivedAt, processedAt, failedAt, appliedRows }));
  }

  /** The results email's attachment, once the upload has been processed. */
  resultsCsv(uploadId: string): { fileName: string; csv: string } | undefined {
    const upload = this.uploads.find((u) => u.uploadId === uploadId);
    return upload?.resultsCsv === undefined ? undefined : { fileName: upload.fileName, csv: upload.resultsCsv };
  }

  processedUploads(): ReplicaUpload[] {
    return this.listUploads().filter((u) => u.processedAt);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
