import { generatePeople } from '../support/generate';
import { Directory } from './directory';
import { PortalModel } from './portal-model';

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

/** Everything the replica remembers between requests; reset() starts over. The portal itself is PortalModel. */
export class ReplicaState {
  settings: ReplicaSettings = DEFAULT_SETTINGS;
  portal = new PortalModel(new Directory());
  private timers = new Set<NodeJS.Timeout>();
  private failAfterRows: number | undefined;

  get directory(): Directory {
    return this.portal.directory;
  }

  constructor(settings: Partial<ReplicaSettings> = {}) {
    this.reset(settings);
  }

  reset(settings: Partial<ReplicaSettings> = {}): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.settings = { ...DEFAULT_SETTINGS, ...definedOnly(settings) };
    this.portal = new PortalModel(new Directory(generatePeople(this.settings.people, this.settings.seed)), this.settings.resultColumnName);
    this.failAfterRows = undefined;
  }

  /** Test control: the next upload stops after applying its first `rows` rows, and sends no results email. */
  failNextUploadAfter(rows: number): void {
    this.failAfterRows = rows;
  }

  /** Accepts a file now and processes it later, on its own timer: two uploads at once both apply. */
  receiveUpload(fileName: string, text: string): string {
    const portal = this.portal;
    const { uploadId } = portal.receive(fileName, text);
    const failAfter = this.failAfterRows;
    this.failAfterRows = undefined;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      portal.process(uploadId, failAfter !== undefined ? { failAfterRows: failAfter, emailResults: false } : {});
    }, this.settings.processingDelayMs);
    this.timers.add(timer);
    return uploadId;
  }

  listUploads(): ReplicaUpload[] {
    return this.portal.uploads.map(({ uploadId, fileName, rowCount, receivedAt, processedAt, failedAfterRows }) => ({
      uploadId,
      fileName,
      rowCount,
      receivedAt: new Date(receivedAt).toISOString(),
      // A failure part-way is not "processed" (no results email): it says when it failed and how far it got.
      ...(processedAt !== undefined && failedAfterRows === undefined ? { processedAt: new Date(processedAt).toISOString() } : {}),
      ...(processedAt !== undefined && failedAfterRows !== undefined
        ? { failedAt: new Date(processedAt).toISOString(), appliedRows: failedAfterRows }
        : {}),
    }));
  }

  /** The results email's attachment, once the upload has been processed. */
  resultsCsv(uploadId: string): { fileName: string; csv: string } | undefined {
    const upload = this.portal.uploads.find((u) => u.uploadId === uploadId);
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
