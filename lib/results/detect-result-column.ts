import { roleOfHeader } from '../portal/columns';
import { headerKey } from '../portal/normalize';
import { classifyResult } from './classify-result';
import type { ResultColumn } from './types';

export type ResultColumnDetection =
  | {
      ok: true;
      column: ResultColumn;
      /** The results header is the uploaded header plus this one column (empty, unheaded columns aside). */
      exact: boolean;
      /**
       * For each column of the uploaded file, where it is in the results file (undefined: an empty,
       * unheaded column the results do not have). Given when compared with the upload.
       */
      uploadedColumns?: (number | undefined)[];
    }
  | { ok: false; reason: string };

export interface DetectAgainst {
  uploadedHeader?: readonly string[];
  templateHeader: readonly string[];
  /** Some of the results file's rows: without a tracked upload, the column whose values read as results wins. */
  rows?: readonly (readonly string[])[];
}

/**
 * Find the column the portal added to the uploaded file. Its name is not known, so it is found by
 * comparison: with the header of the file that was uploaded when there is one (headings compared
 * ignoring case, spaces and punctuation, in order, and ignoring empty unheaded columns, which Excel
 * and the portal add or drop), otherwise among the headings the upload template does not have (or has
 * fewer times), preferring the column whose values read as results.
 */
export function detectResultColumn(resultsHeader: readonly string[], against: DetectAgainst): ResultColumnDetection {
  if (against.uploadedHeader) {
    const byUpload = comparedWithUpload(resultsHeader, against.uploadedHeader);
    if (byUpload) return byUpload;
  }
  return notInTemplate(resultsHeader, against.templateHeader, against.rows);
}

/** The uploaded file's values of a results row, in the uploaded file's column order. */
export function uploadedValues(row: readonly string[], detection: { column: ResultColumn; uploadedColumns?: (number | undefined)[] }): string[] {
  if (detection.uploadedColumns) return detection.uploadedColumns.map((i) => (i === undefined ? '' : (row[i] ?? '')));
  const index = detection.column.index;
  return [...row.slice(0, index), ...row.slice(index + 1)];
}

function comparedWithUpload(results: readonly string[], uploaded: readonly string[]): ResultColumnDetection | undefined {
  const r = results.map(headerKey);
  const u = uploaded.map(headerKey);
  const aligned = align(r, u);
  if (aligned) {
    const { mapping, extras } = aligned;
    const headed = extras.filter((i) => r[i] !== '');
    // One heading the upload did not have; or, with none, an unheaded column (the last one left over).
    const index = headed.length === 1 ? headed[0] : headed.length === 0 ? extras.at(-1) : undefined;
    if (index !== undefined) {
      return { ok: true, exact: true, column: { index, name: results[index] ?? '', how: 'compared-with-upload' }, uploadedColumns: mapping };
    }
  }
  // Not a clean insertion (the portal may have reordered or dropped columns): the headings left over.
  const available = new Map<string, number>();
  for (const key of u) available.set(key, (available.get(key) ?? 0) + 1);
  const extra: number[] = [];
  r.forEach((key, index) => {
    const left = available.get(key) ?? 0;
    if (left > 0) available.set(key, left - 1);
    else extra.push(index);
  });
  const index = extra.at(-1);
  if (index === undefined) return undefined;
  return { ok: true, exact: false, column: { index, name: results[index] ?? '', how: 'compared-with-upload' } };
}

/**
 * Walk both headers in order. Equal headings pair up; an unheaded upload column the results lack is
 * skipped; any other results column is left over. Fails when a headed upload column is not found in order.
 */
function align(r: readonly string[], u: readonly string[]): { mapping: (number | undefined)[]; extras: number[] } | undefined {
  const mapping: (number | undefined)[] = new Array(u.length);
  const extras: number[] = [];
  let i = 0;
  let j = 0;
  while (i < r.length) {
    if (j < u.length && r[i] === u[j]) {
      mapping[j++] = i++;
    } else if (j < u.length && u[j] === '') {
      mapping[j++] = undefined;
    } else {
      extras.push(i++);
    }
  }
  for (; j < u.length; j++) {
    if (u[j] !== '') return undefined;
    mapping[j] = undefined;
  }
  return { mapping, extras };
}

/** Headings that name a result; only a tie-breaker after the values. */
const RESULT_NAME = /result|outcome|status|response|message|comment|error|processing|feedback/;

function notInTemplate(results: readonly string[], template: readonly string[], rows: readonly (readonly string[])[] = []): ResultColumnDetection {
  const allowed = new Map<string, number>();
  for (const h of template) allowed.set(headerKey(h), (allowed.get(headerKey(h)) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const h of results) seen.set(headerKey(h), (seen.get(headerKey(h)) ?? 0) + 1);
  // A heading the template does not have, or has fewer times (a result column headed "Title").
  const candidates = results.map((h, index) => ({ h, index, key: headerKey(h) })).filter(({ key }) => (seen.get(key) ?? 0) > (allowed.get(key) ?? 0));
  if (candidates.length === 0) {
    return {
      ok: false,
      reason:
        'CSV Guard could not find the result column: every heading in this file is one an upload file has. Choose the CSV attached to the portal\u2019s results email (the uploaded file with one extra column).',
    };
  }
  const sample = rows.slice(0, 200);
  const scored = candidates.map((c) => {
    let results = 0;
    let filled = 0;
    for (const row of sample) {
      const value = (row[c.index] ?? '').trim();
      if (!value) continue;
      filled++;
      if (classifyResult(value).outcome !== 'unknown') results++;
    }
    const valueScore = filled > 0 ? results / filled : 0;
    const nameScore = RESULT_NAME.test(c.key) ? 0.5 : 0;
    // A heading we recognise as an upload column (e.g. Password) is not the result, when there is a choice.
    const rolePenalty = roleOfHeader(c.h) !== undefined && (allowed.get(c.key) ?? 0) === 0 ? 1 : 0;
    return { ...c, score: valueScore * 2 + nameScore - rolePenalty };
  });
  // Highest score; on a tie, the last such column (the portal appends it).
  const pick = scored.reduce((best, c) => (c.score >= best.score ? c : best));
  return { ok: true, exact: false, column: { index: pick.index, name: pick.h, how: 'not-in-template' } };
}
