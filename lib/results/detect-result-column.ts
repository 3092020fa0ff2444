import { roleOfHeader } from '../portal/columns';
import { headerKey } from '../portal/normalize';
import type { ResultColumn } from './types';

export type ResultColumnDetection =
  | { ok: true; column: ResultColumn; /** The results header is exactly the uploaded header plus this one column. */ exact: boolean }
  | { ok: false; reason: string };

/**
 * Find the column the portal added to the uploaded file. Its name is not known, so it is found by
 * comparison: with the header of the file that was uploaded when there is one (headings compared
 * ignoring case, spaces and punctuation, in order), otherwise as the last heading the upload template
 * does not have.
 */
export function detectResultColumn(resultsHeader: readonly string[], against: { uploadedHeader?: readonly string[]; templateHeader: readonly string[] }): ResultColumnDetection {
  if (against.uploadedHeader) {
    const byUpload = comparedWithUpload(resultsHeader, against.uploadedHeader);
    if (byUpload) return byUpload;
  }
  return notInTemplate(resultsHeader, against.templateHeader);
}

function comparedWithUpload(results: readonly string[], uploaded: readonly string[]): ResultColumnDetection | undefined {
  const r = results.map(headerKey);
  const u = uploaded.map(headerKey);
  if (r.length === u.length + 1) {
    let i = 0;
    while (i < u.length && r[i] === u[i]) i++;
    let rest = true;
    for (let j = i; j < u.length; j++) if (r[j + 1] !== u[j]) rest = false;
    if (rest) return { ok: true, exact: true, column: { index: i, name: results[i] ?? '', how: 'compared-with-upload' } };
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

function notInTemplate(results: readonly string[], template: readonly string[]): ResultColumnDetection {
  const known = new Set(template.map(headerKey));
  const extra = results.map((h, index) => ({ h, index })).filter(({ h }) => !known.has(headerKey(h)));
  // A heading we recognise as an upload column (e.g. Password) is not the result, when there is a choice.
  const unrecognised = extra.filter(({ h }) => roleOfHeader(h) === undefined);
  const pick = (unrecognised.length > 0 ? unrecognised : extra).at(-1);
  if (!pick) {
    return {
      ok: false,
      reason: 'CSV Guard could not find the result column: every heading in this file is one an upload file has. Choose the CSV attached to the portal\u2019s results email (the uploaded file with one extra column).',
    };
  }
  return { ok: true, exact: false, column: { index: pick.index, name: pick.h, how: 'not-in-template' } };
}
