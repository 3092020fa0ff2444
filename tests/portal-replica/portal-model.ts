import { parseUpload } from './csv-records';
import type { Directory } from './directory';
import { processUpload, type RowOutcome } from './processing';
import type { UploadRow } from './upload-rows';

/** One file the portal accepted: received now, processed later in the background. */
export interface PortalUpload {
  uploadId: string;
  fileName: string;
  text: string;
  rowCount: number;
  receivedAt: number;
  /** The directory's local IDs when the file arrived: what its rows are matched against. */
  matchedAtReceipt: Map<string, string>;
  processedAt?: number;
  /** Set when processing stopped part-way (after this many rows). */
  failedAfterRows?: number;
  /** The rows as the portal read them, and what it did with each (same order), once processed. */
  rows?: UploadRow[];
  outcomes?: RowOutcome[];
  /** The results email's attachment (the upload plus one column); undefined until processed, or when no email was sent. */
  resultsCsv?: string;
}

export interface ProcessingFault {
  /** Stop after this many rows (the portal failed part-way). */
  failAfterRows?: number;
  /** false: no results email is sent for this upload (with a failure part-way, the admin hears nothing). */
  emailResults?: boolean;
}

/**
 * The NHSmail Portal's CSV upload, as far as /work/shared/portal-facts.md says: Upload accepts a file at
 * once and processes it later in the background; each upload is matched against the directory as it was
 * when that upload arrived, so two uploads accepted before either is processed both create (parallel
 * uploads cause duplicate accounts). The replica server runs it on timers; the harm simulator calls
 * process() itself, so both agree on what the portal does.
 */
export class PortalModel {
  readonly uploads: PortalUpload[] = [];
  private counter = 0;

  constructor(
    readonly directory: Directory,
    readonly resultColumnName = 'Upload Result',
  ) {}

  /** Upload clicked: the file is accepted and queued. */
  receive(fileName: string, text: string, now = Date.now()): PortalUpload {
    const upload: PortalUpload = {
      uploadId: `UPL${String(++this.counter).padStart(5, '0')}`,
      fileName,
      text,
      rowCount: parseUpload(text).records.length,
      receivedAt: now,
      matchedAtReceipt: this.directory.localIdSnapshot(),
    };
    this.uploads.push(upload);
    return upload;
  }

  /** The background processing of one accepted upload (once). */
  process(uploadId: string, fault: ProcessingFault = {}, now = Date.now()): PortalUpload {
    const upload = this.uploads.find((u) => u.uploadId === uploadId);
    if (!upload) throw new Error(`No upload ${uploadId}`);
    if (upload.processedAt !== undefined) return upload;
    const processed = processUpload(this.directory, upload.text, {
      uploadId,
      matchedAtReceipt: upload.matchedAtReceipt,
      resultColumnName: this.resultColumnName,
      ...(fault.failAfterRows !== undefined ? { failAfterRows: fault.failAfterRows } : {}),
    });
    upload.processedAt = now;
    upload.rows = processed.rows;
    upload.outcomes = processed.outcomes;
    if (fault.failAfterRows !== undefined && fault.failAfterRows < processed.outcomes.length) upload.failedAfterRows = fault.failAfterRows;
    if (fault.emailResults !== false) upload.resultsCsv = processed.resultsCsv;
    return upload;
  }

  /** An independent copy, pending uploads included, for trying what an upload would do. */
  clone(): PortalModel {
    const copy = new PortalModel(this.directory.clone(), this.resultColumnName);
    for (const upload of this.uploads) copy.uploads.push({ ...upload, matchedAtReceipt: upload.matchedAtReceipt });
    copy.counter = this.counter;
    return copy;
  }

  /** Accepted but not yet processed, oldest first. */
  pending(): PortalUpload[] {
    return this.uploads.filter((u) => u.processedAt === undefined);
  }
}

/**
 * How the portal reads an uploaded file's bytes. Unconfirmed, so tolerant: a UTF-16 or UTF-8 byte
 * order mark is honoured, valid UTF-8 is UTF-8, anything else is read as Windows-1252 (Excel's "CSV").
 */
export function decodeUploadBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
