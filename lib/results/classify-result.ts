import type { ResultClassification } from './types';

/**
 * The one place that decides what a value in the results column means. The portal's wording is not
 * published, so only clear words count: a value is a success only when it says so and says nothing
 * doubtful; anything else needs the admin's attention, and the portal's own text is always shown.
 */

/** Clearly a failure, wherever it appears in the text. */
export const FAILURE_WORDS =
  /\b(fail(s|ed|ure|ures)?|errors?|invalid|rejected|denied|unable|could\s*not|couldn'?t|cannot|can'?t|not\s+(been\s+)?(updated|created|found|processed|applied|allowed|valid|permitted|saved|uploaded)|exceptions?|unsuccessful|refused|aborted|disallowed|forbidden)\b/i;

/** Words that make an otherwise good-looking result doubtful. */
export const DOUBT_WORDS = /\b(warn(ing|ings)?|partial(ly)?|pending|queued|retry|skipped|ignored|duplicates?|already|not|no|unknown|unchanged|manual|review|check|see)\b|\?/i;

/** Clearly a success. */
export const SUCCESS_WORDS = /\b(success(ful|fully)?|succeeded|updated|created|ok|okay|completed?|done|processed|applied|saved|added|modified|amended)\b/i;

export const CREATED_WORDS = /\b(created|added|new\s+(user|account|mailbox))\b/i;
export const UPDATED_WORDS = /\b(updated|modified|amended|changed)\b/i;

export function classifyResult(value: string | undefined): ResultClassification {
  const text = (value ?? '').trim();
  if (text === '') return { outcome: 'unknown', text };
  if (FAILURE_WORDS.test(text)) return { outcome: 'failure', text };
  if (DOUBT_WORDS.test(text) || !SUCCESS_WORDS.test(text)) return { outcome: 'unknown', text };
  const created = CREATED_WORDS.test(text);
  const updated = UPDATED_WORDS.test(text);
  if (created && !updated) return { outcome: 'success', action: 'created', text };
  if (updated && !created) return { outcome: 'success', action: 'updated', text };
  return { outcome: 'success', text };
}
