import { readableText } from './dom-changes';

/**
 * The portal's own check after Validate: "N users already exist and will be updated".
 * The exact wording is unknown, so accept users/accounts/records, exist/exists, will/would.
 */
const UPDATE_COUNT =
  /(\d[\d,]*)\s+(?:users?|accounts?|records?|rows?|mailboxes?)\s+(?:that\s+)?(?:already\s+exists?|exists?\s+already)[\s,]*(?:and\s+)?(?:will|would)\s+be\s+updated/i;
const MENTIONS_UPDATES = /already\s+exists?|exists?\s+already/i;
/** The portal's line-by-line results: "Line 4: Mobile number is not valid". */
const ERROR_LINE = /\bline\s+(\d{1,7})\s*[:\-–]/i;

/** What the page says about updates after Validate. */
export interface ValidationAnswer {
  /** The page says some accounts already exist and will be updated. */
  mentionsUpdates: boolean;
  /** How many, when the page gives a number. */
  updateCount?: number;
  /** Lines the portal listed with validation errors (it will not update those rows as they are). */
  errorLines?: number[];
}

/** Read the validation answer from the text of one element. */
export function answerFromText(text: string): ValidationAnswer {
  const match = UPDATE_COUNT.exec(text);
  if (match?.[1]) return { mentionsUpdates: true, updateCount: Number(match[1].replace(/,/g, '')) };
  return { mentionsUpdates: MENTIONS_UPDATES.test(text) };
}

/**
 * Read the answer from part of the page. Each text is read together with its own element only,
 * so "Line 12" in one item and "5 users already exist" in the next never run together as "125".
 */
export function readValidationAnswer(root: Node): ValidationAnswer {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let answer: ValidationAnswer = { mentionsUpdates: false };
  const errorLines = new Set<number>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    const errorLine = ERROR_LINE.exec(text);
    if (errorLine?.[1]) errorLines.add(Number(errorLine[1]));
    if (!MENTIONS_UPDATES.test(text) || answer.updateCount !== undefined) continue;
    const found = answerFromText(readableText(node.parentElement ?? node));
    if (found.mentionsUpdates) answer = found;
  }
  return errorLines.size > 0 ? { ...answer, errorLines: [...errorLines].sort((a, b) => a - b) } : answer;
}

/** Why the portal's answer does not match what CSV Guard predicted. */
export type ValidationWarning =
  { reason: 'missing'; expected: number } | { reason: 'different-count'; expected: number; found: number; portalErrorLines: number[] };

/**
 * Compare the portal's answer with the rows the check predicted as updates. Missing only matters
 * when updates were expected: a file of new accounts gets no such message.
 */
export function compareValidationAnswer(answer: ValidationAnswer, expectedUpdates: number): ValidationWarning | undefined {
  if (answer.updateCount !== undefined) {
    return answer.updateCount === expectedUpdates
      ? undefined
      : { reason: 'different-count', expected: expectedUpdates, found: answer.updateCount, portalErrorLines: answer.errorLines ?? [] };
  }
  if (answer.mentionsUpdates) return undefined; // the message is there; no number to compare
  return expectedUpdates > 0 ? { reason: 'missing', expected: expectedUpdates } : undefined;
}
