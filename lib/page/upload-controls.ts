import type { ManualSelectors } from '../messaging/checks-protocol';
import { controlText } from './control-text';

/** The controls of the portal's Upload Users view, as found on the page right now. */
export interface UploadView {
  fileInput: HTMLInputElement;
  validate?: HTMLElement;
  upload?: HTMLElement;
}

export type ControlKind = 'validate' | 'upload';

/** Everything a person could click as a button: the portal's markup is unknown, so accept all of them. */
const CLICKABLE = 'button, input[type="submit"], input[type="button"], [role="button"]';

const VALIDATE_TEXT = /^validate( (the )?(file|csv|users?))?$/i;
// "Create Users" is the older wording of the Upload step.
const UPLOAD_TEXT = /^(upload( (the )?(file|csv|users?))?|create (new )?users?)$/i;

function trimPunctuation(text: string): string {
  return text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** What a control is by its visible name, or undefined when it is neither Validate nor Upload. */
export function kindByText(control: Element): ControlKind | undefined {
  const text = trimPunctuation(controlText(control));
  if (VALIDATE_TEXT.test(text)) return 'validate';
  if (UPLOAD_TEXT.test(text)) return 'upload';
  return undefined;
}

function safeClosest(element: Element, selector: string | undefined): HTMLElement | undefined {
  if (!selector) return undefined;
  try {
    return element.closest<HTMLElement>(selector) ?? undefined;
  } catch {
    return undefined; // an admin's mistyped selector must not break the page
  }
}

function safeQuery<T extends Element>(root: ParentNode, selector: string | undefined): T | undefined {
  if (!selector) return undefined;
  try {
    return (root.querySelector(selector) as T | null) ?? undefined;
  } catch {
    return undefined;
  }
}

// Disabled controls still identify the view (Upload is often disabled until Validate has run).
function isHidden(element: Element): boolean {
  return element.closest('[hidden], [aria-hidden="true"]') !== null;
}

/**
 * The control an event landed on, if it is Validate or Upload. Decided at click time, so controls
 * the app rendered late or re-rendered are recognised just the same.
 */
export function classifyClick(target: EventTarget | null, selectors: ManualSelectors = {}): { kind: ControlKind; control: HTMLElement } | undefined {
  if (!(target instanceof Element)) return undefined;
  const manualUpload = safeClosest(target, selectors.uploadButton);
  if (manualUpload) return { kind: 'upload', control: manualUpload };
  const manualValidate = safeClosest(target, selectors.validateButton);
  if (manualValidate) return { kind: 'validate', control: manualValidate };
  const control = target.closest<HTMLElement>(CLICKABLE);
  if (!control) return undefined;
  if (control instanceof HTMLInputElement && !['submit', 'button'].includes(control.type)) return undefined;
  const kind = kindByText(control);
  return kind ? { kind, control } : undefined;
}

/** Find the Upload Users view: a file input together with a Validate or Upload control. */
export function findUploadView(root: ParentNode, selectors: ManualSelectors = {}): UploadView | undefined {
  const fileInput =
    safeQuery<HTMLInputElement>(root, selectors.fileInput) ?? (root.querySelector('input[type="file"]') as HTMLInputElement | null) ?? undefined;
  if (!fileInput) return undefined;

  let validate = safeQuery<HTMLElement>(root, selectors.validateButton);
  let upload = safeQuery<HTMLElement>(root, selectors.uploadButton);
  for (const candidate of root.querySelectorAll<HTMLElement>(CLICKABLE)) {
    if (validate && upload) break;
    if (isHidden(candidate)) continue;
    const kind = kindByText(candidate);
    if (kind === 'validate' && !validate) validate = candidate;
    if (kind === 'upload' && !upload) upload = candidate;
  }
  if (!validate && !upload) return undefined;
  return { fileInput, validate, upload };
}

/** Where the panel goes: just after the block that holds the file input, so it sits next to the form. */
export function panelAnchor(view: UploadView): Element {
  const wrapper = view.fileInput.parentElement;
  if (!wrapper || wrapper === view.fileInput.ownerDocument.body) return view.fileInput;
  return wrapper;
}
