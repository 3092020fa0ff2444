import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIALOG_REFRESH_MS, FileIntent } from '../../../lib/page/file-intent';
import { findUploadView } from '../../../lib/page/upload-controls';

const VIEW = `
  <h1>Upload Users</h1>
  <div class="browse"><label for="file">Browse</label><input id="file" type="file"></div>
  <input id="search" type="text">
  <button type="button" id="validate">Validate</button>
  <button type="button" id="upload">Upload</button>`;

let abort: AbortController | undefined;
afterEach(() => {
  vi.useRealTimers();
  abort?.abort();
  abort = undefined;
  document.body.innerHTML = '';
});

function setUp(options: { prepare?: () => Promise<unknown>; view?: boolean } = {}) {
  document.body.innerHTML = options.view === false ? '<h1>Reports</h1><input type="file">' : VIEW;
  let now = 10_000;
  const prepare = vi.fn(options.prepare ?? (async () => ({ prepared: true })));
  abort = new AbortController();
  const intent = new FileIntent({ doc: document, view: () => findUploadView(document), prepare, now: () => now, signal: abort.signal });
  intent.listen();
  return { intent, prepare, later: (ms: number) => void (now += ms), signal: abort };
}

const fileInput = () => document.querySelector<HTMLInputElement>('input[type=file]')!;

function dragFiles(types: string[]) {
  const event = new Event('dragenter', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { types } });
  document.querySelector('h1')!.dispatchEvent(event);
  return event;
}

describe('FileIntent: the background gets ready while the admin heads for a file', () => {
  it('asks when the Upload Users view is shown, and when the tab becomes visible again', () => {
    const { intent, prepare, later } = setUp();
    intent.viewShown();
    expect(prepare).toHaveBeenCalledTimes(1);
    later(60_000);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(prepare).toHaveBeenCalledTimes(2);
    later(60_000);
    window.dispatchEvent(new Event('pageshow'));
    expect(prepare).toHaveBeenCalledTimes(3);
  });

  it('asks when Browse is clicked or focused, but not for other controls', () => {
    const { prepare, later } = setUp();
    document.getElementById('search')!.focus();
    document.getElementById('validate')!.click();
    expect(prepare).not.toHaveBeenCalled();
    fileInput().focus();
    expect(prepare).toHaveBeenCalledTimes(1);
    later(5_000);
    // Its label opens the file dialog too: the browser hands the click on to the input.
    document.querySelector('label')!.click();
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('asks again while the file dialog may be open, so the worker is not stopped meanwhile, until a file is chosen', () => {
    vi.useFakeTimers();
    const { prepare, later } = setUp();
    fileInput().click();
    expect(prepare).toHaveBeenCalledTimes(1);
    later(DIALOG_REFRESH_MS);
    vi.advanceTimersByTime(DIALOG_REFRESH_MS);
    expect(prepare).toHaveBeenCalledTimes(2);
    later(DIALOG_REFRESH_MS);
    vi.advanceTimersByTime(DIALOG_REFRESH_MS);
    expect(prepare).toHaveBeenCalledTimes(3);
    fileInput().dispatchEvent(new Event('change', { bubbles: true }));
    vi.advanceTimersByTime(10 * DIALOG_REFRESH_MS);
    expect(prepare).toHaveBeenCalledTimes(3);
  });

  it('stops asking when the dialog is cancelled, and after 3 minutes whatever happens', () => {
    vi.useFakeTimers();
    const { prepare, later } = setUp();
    fileInput().click();
    fileInput().dispatchEvent(new Event('cancel'));
    vi.advanceTimersByTime(10 * DIALOG_REFRESH_MS);
    expect(prepare).toHaveBeenCalledTimes(1);

    later(5_000);
    fileInput().click();
    for (let i = 0; i < 20; i++) {
      later(DIALOG_REFRESH_MS);
      vi.advanceTimersByTime(DIALOG_REFRESH_MS);
    }
    // The click, then one ask every 20 s for 3 minutes.
    expect(prepare).toHaveBeenCalledTimes(2 + (3 * 60_000) / DIALOG_REFRESH_MS);
  });

  it('asks when files are dragged over the page, not for a drag of text', () => {
    const { prepare } = setUp();
    dragFiles(['text/plain']);
    expect(prepare).not.toHaveBeenCalled();
    dragFiles(['Files']);
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('asks each sign at most once a second, so a drag across the page or a focus with its click send one message', () => {
    const { intent, prepare, later } = setUp();
    intent.viewShown();
    for (let i = 0; i < 20; i++) dragFiles(['Files']);
    fileInput().focus();
    fileInput().click();
    // One for the view shown, one for the drag, one for Browse: a click soon after the view showed still asks.
    expect(prepare).toHaveBeenCalledTimes(3);
    later(999);
    dragFiles(['Files']);
    expect(prepare).toHaveBeenCalledTimes(3);
    later(1);
    dragFiles(['Files']);
    expect(prepare).toHaveBeenCalledTimes(4);
  });

  it('never cancels or stops what the admin does, and never fails the page when the background is unreachable', async () => {
    const seen: string[] = [];
    document.addEventListener('click', (event) => seen.push(`click ${String(event.defaultPrevented)}`));
    const { prepare } = setUp({
      prepare: () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')),
    });
    fileInput().click();
    const drag = dragFiles(['Files']);
    expect(prepare).toHaveBeenCalledTimes(2);
    expect(seen).toEqual(['click false']);
    expect(drag.defaultPrevented).toBe(false);
    // The rejection is handled: nothing is left unhandled for the page.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('survives a send that throws at once', () => {
    const { prepare } = setUp({
      prepare: () => {
        throw new Error('Extension context invalidated.');
      },
    });
    expect(() => fileInput().click()).not.toThrow();
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('asks nothing where there is no Upload Users view, or once the guard has stopped', () => {
    const other = setUp({ view: false });
    fileInput().click();
    dragFiles(['Files']);
    expect(other.prepare).not.toHaveBeenCalled();
    other.signal.abort();

    vi.useFakeTimers();
    const { prepare, signal } = setUp();
    fileInput().click();
    expect(prepare).toHaveBeenCalledTimes(1);
    signal.abort();
    vi.advanceTimersByTime(10 * DIALOG_REFRESH_MS);
    fileInput().click();
    dragFiles(['Files']);
    expect(prepare).toHaveBeenCalledTimes(1);
  });
});
