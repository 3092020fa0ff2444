import Papa from 'papaparse';
import { ReportImportError } from './import-error';

/** About 2,000 report rows: big enough to keep IndexedDB busy, small enough to report progress often. */
export const CHUNK_CHARS = 256 * 1024;

/**
 * Parse CSV text a chunk at a time, waiting for `onRecords` (which writes them) before reading on,
 * so a 100,000-row report never holds the worker for long and progress can be shown between chunks.
 * Blank lines are skipped. Rejects with a ReportImportError naming the file and line for a broken quote.
 */
export function readRecordsInChunks(
  text: string,
  fileName: string,
  onRecords: (records: string[][]) => Promise<void>,
  chunkChars: number = CHUNK_CHARS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let recordsSoFar = 0;
    let failed = false;
    Papa.parse<string[]>(text.startsWith('\uFEFF') ? text.slice(1) : text, {
      skipEmptyLines: 'greedy',
      chunkSize: chunkChars,
      chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        if (failed) return;
        const broken = results.errors.find((e) => e.code === 'MissingQuotes');
        if (broken) {
          failed = true;
          parser.abort();
          const record = recordsSoFar + (broken.row ?? 0) + 1;
          reject(
            new ReportImportError(
              'unreadable',
              `“${fileName}” has a quoted value that is never closed, starting around line ${record}, so the rest of the file cannot be read. Download the Mailbox Report again from the portal and import it without editing it.`,
            ),
          );
          return;
        }
        recordsSoFar += results.data.length;
        parser.pause();
        onRecords(results.data).then(
          () => parser.resume(),
          (error: unknown) => {
            failed = true;
            parser.abort();
            reject(error);
          },
        );
      },
      complete() {
        if (!failed) resolve();
      },
    });
  });
}

/** Roughly how many records the text holds (line breaks, less the header): a denominator for progress. */
export function estimateRecords(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  if (text.length > 0 && !text.endsWith('\n')) lines++;
  return Math.max(0, lines - 1);
}
