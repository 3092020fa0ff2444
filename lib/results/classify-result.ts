import type { ResultClassification } from './types';

/**
 * The one place that decides what a value in the results column means. The portal's wording is not
 * published, so only clear words count, and the portal's own text is always shown:
 * - a result that says the account was created or updated was applied, so it is never retried: with a
 *   problem word as well ("User created. Warning: mobile invalid") it needs review;
 * - a failure is a result that says it failed and does not say it created or updated anything;
 * - "no changes" is not a failure: the account already held those values;
 * - anything else is unclear.
 */

/** Clearly a failure, wherever it appears in the text. */
export const FAILURE_WORDS =
  /\b(fail(s|ed|ure|ures)?|errors?|invalid|rejected|denied|unable|could\s*not|couldn'?t|cannot|can'?t|not\s+(been\s+)?(updated|created|found|processed|applied|allowed|valid|permitted|saved|uploaded|set)|exceptions?|unsuccessful|refused|aborted|disallowed|forbidden)\b/i;

/** Words that make an otherwise good-looking result doubtful. */
export const DOUBT_WORDS =
  /\b(warn(ing|ings)?|partial(ly)?|pending|queued|retry|skipped|ignored|duplicates?|already|not|no|unknown|manual|review|check|see|but)\b|\?/i;

/** Clearly a success. */
export const SUCCESS_WORDS =
  /\b(success(ful|fully)?|succeeded|updated|created|ok|okay|completed?|done|processed|applied|saved|added|modified|amended)\b/i;

export const CREATED_WORDS = /\b(created|added|new\s+(user|account|mailbox)\s+(created|added))\b/i;
export const UPDATED_WORDS = /\b(updated|modified|amended|changed)\b/i;

/** A problem word said not to have happened ("0 errors", "no warnings"): not a problem. */
const NEGATED_PROBLEMS = /\b(no|0|zero|without(\s+any)?|with\s+no)\s+(errors?|warnings?|failures?|problems?|issues?|exceptions?)\b/gi;

/** The row needed no change: the account already held these values. */
const NO_CHANGE =
  /^(?:(?:not\s+updated|no\s+update(?:\s+(?:made|required|needed))?|skipped|unchanged)\s*[:\-–—,.(]?\s*)?(?:no\s+changes?(?:\s+(?:made|required|needed|to\s+apply|detected))?|nothing\s+to\s+(?:update|change)|unchanged|already\s+up\s+to\s+date)\s*[.)]?$/i;

/** "not created", "could not be updated", "wasn't updated": the action word is denied, not done. */
const DENIED_ACTION =
  /\b(not|n't|never|unable\s+to\s+be|could\s*not\s+be|cannot\s+be|can'?t\s+be|failed\s+to\s+be)\s+(been\s+)?(created|added|updated|modified|amended|changed)\b/gi;

export function classifyResult(value: string | undefined): ResultClassification {
  const text = (value ?? '').trim();
  if (text === '') return { outcome: 'unknown', text };
  if (NO_CHANGE.test(text)) return { outcome: 'success', action: 'unchanged', text };

  const plain = text.replace(NEGATED_PROBLEMS, ' ');
  const affirmed = plain.replace(DENIED_ACTION, ' ');
  const created = CREATED_WORDS.test(affirmed);
  const updated = UPDATED_WORDS.test(affirmed);
  const action = created && !updated ? 'created' : updated && !created ? 'updated' : undefined;
  const problem = FAILURE_WORDS.test(plain) || DOUBT_WORDS.test(plain);

  if (created || updated) {
    // Applied: never a retry row. A problem word as well means the admin should look at the account.
    if (problem) return { outcome: 'review', ...(action ? { action } : {}), text };
    return { outcome: 'success', ...(action ? { action } : {}), text };
  }
  if (FAILURE_WORDS.test(plain)) return { outcome: 'failure', text };
  if (DOUBT_WORDS.test(plain) || !SUCCESS_WORDS.test(plain)) return { outcome: 'unknown', text };
  return { outcome: 'success', text };
}
