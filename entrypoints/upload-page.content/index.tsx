import { render } from 'preact';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { GuardPanel, type PanelActions } from '../../components/panel/GuardPanel';
import { PANEL_CSS } from '../../components/panel/panel-styles';
import { sendToBackground } from '../../lib/messaging/send';
import { downloadCsv } from '../../lib/page/download';
import { readUserFile } from '../../lib/csv/read-file';
import type { GuardState } from '../../lib/page/guard-state';
import { panelAnchor, type UploadView } from '../../lib/page/upload-controls';
import { UploadGuard, type ForcedErrorPoint } from '../../lib/page/upload-guard';
import { PORTAL_ADMIN_MATCHES } from '../../lib/portal/hosts';

// The Upload Users page: wire the page guard (lib/page) to the browser and mount its panel (components/panel).
export default defineContentScript({
  matches: [...PORTAL_ADMIN_MATCHES],
  async main(ctx) {
    try {
      await startUploadGuard(ctx);
    } catch {
      // Never break the portal: without the guard the page works exactly as it would without CSV Guard.
    }
  },
});

async function startUploadGuard(ctx: ContentScriptContext): Promise<void> {
  let placeAt: Element | undefined;
  const ui = await createShadowRootUi(ctx, {
    name: 'csv-guard',
    position: 'inline',
    css: PANEL_CSS,
    isolateEvents: true,
    anchor: () => placeAt,
    append: (anchor, host) => (anchor === document.body ? anchor.append(host) : anchor.after(host)),
    onMount: (container) => draw(container),
    onRemove: () => render(null, ui.uiContainer),
  });

  const forcedError = import.meta.env.MODE === 'e2e' ? forcedErrorFromPage : undefined;
  const slotReplyDelay = import.meta.env.MODE === 'e2e' ? slotReplyDelayFromPage : undefined;
  const guard = new UploadGuard({
    doc: document,
    send: async (type, data) => {
      // e2e build only: a test makes the background unreachable, as a dead or missing worker would be.
      if (forcedError?.() === 'background') throw new Error('Could not establish connection. Receiving end does not exist.');
      const reply = await sendToBackground(type, data);
      // e2e build only: a test slows the slot's answer, as a busy or waking worker would, to click meanwhile.
      const delayMs = type === 'slot-acquire' ? (slotReplyDelay?.() ?? 0) : 0;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return reply;
    },
    runtimeAlive,
    readFile: (file) => readUserFile(file),
    fetchText: async (url) => {
      const response = await pageFetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`The sample file could not be read (${response.status}).`);
      return response.text();
    },
    download: (file) => downloadCsv(file.name, file.content, ui.shadow),
    newCheckId: () => crypto.randomUUID(),
    forcedError,
    onLayout: (view, state) => place(view, state),
    // e2e build only: the benchmark reads these marks from the page's timeline (bench/browser/check-timer).
    ...(import.meta.env.MODE === 'e2e' ? { mark: (name: string) => void performance.mark(`csv-guard:${name}`) } : {}),
  });

  const actions: PanelActions = {
    onAcknowledgeKind: (kind, checked) => guard.acknowledgeKind(kind, checked),
    onAcknowledgeRow: (line, checked) => guard.acknowledgeRow(line, checked),
    onUploadWithoutOverwrites: () => void guard.uploadWithoutOverwrites(),
    onAcknowledgePortalCount: (checked) => guard.acknowledgePortalCount(checked),
    onUploadWithoutChecks: () => guard.uploadWithoutChecks(),
    onUploadWithoutIdChecks: () => guard.uploadWithoutIdChecks(),
    onTakeOver: () => void guard.takeOver(),
    onReload: () => location.reload(),
    onRetry: () => guard.retry(),
    onExport: (kind) => void guard.exportFile(kind),
    onLoadFindings: (rule, offset, limit) => guard.loadFindings(rule, offset, limit),
    onOpenReportImport: () => void sendToBackground('open-report-import', {}).catch(() => undefined),
    correction: {
      onPrepare: (dropNoChange) => void guard.prepareCorrection(dropNoChange),
      onUse: () => guard.useCorrection(),
      onDownload: (which) => guard.downloadCorrection(which),
    },
  };
  function draw(container: HTMLElement = ui.uiContainer) {
    render(<GuardPanel state={guard.getState()} actions={actions} />, container);
  }

  /** Keep the panel next to the form as the app re-renders; a small corner notice when not recognised. */
  function place(view: UploadView | undefined, state: GuardState) {
    const wanted = view ? panelAnchor(view) : state.recognised === 'no' ? document.body : undefined;
    const host = ui.shadowHost;
    if (!wanted) {
      if (host.isConnected) ui.remove();
      return;
    }
    const inPlace = host.isConnected && (wanted === document.body ? host.parentElement === document.body : host.previousElementSibling === wanted);
    if (inPlace) return;
    placeAt = wanted;
    ui.mount();
  }

  guard.subscribe(() => draw());
  const onMessage = (message: unknown) => {
    guard.handleMessage(message);
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => {
    try {
      browser.runtime.onMessage.removeListener(onMessage);
    } catch {
      // The runtime is already gone.
    }
    if (runtimeAlive()) {
      guard.stop(); // a newer CSV Guard started on this page and takes over
      return;
    }
    // The extension was updated or reloaded: Chrome does not inject the new one into open tabs. Keep
    // holding Upload and ask for a reload (WXT removed the panel: put it back).
    guard.orphan();
    setTimeout(() => place(guard.getView(), guard.getState()), 0);
  });
  // Chrome tells an orphaned content script nothing. ctx.setInterval looks at the runtime on every tick
  // and fires onInvalidated once it is gone, so the tab says "reload this page" before anyone clicks.
  ctx.setInterval(() => undefined, 1000);

  const { selectors } = await sendToBackground('page-settings', {}).catch(() => ({ selectors: {} }));
  if (ctx.isValid) guard.start(selectors);
}

/**
 * Fetch as the portal page itself. Firefox gives content scripts `content.fetch` for that (plain fetch
 * there runs as the extension); Chrome's content-script fetch already runs as the page.
 */
function pageFetch(url: string, init: RequestInit): Promise<Response> {
  const pageWindow = (globalThis as { content?: { fetch?: typeof fetch } }).content;
  return typeof pageWindow?.fetch === 'function' ? pageWindow.fetch(url, init) : fetch(url, init);
}

/** The extension's runtime is still there: after an update or reload it is gone from this old content script. */
function runtimeAlive(): boolean {
  try {
    return Boolean(browser.runtime?.id);
  } catch {
    return false;
  }
}

/** e2e build only: a test sets data-csv-guard-force-error on <html> to prove a failure holds Upload with an override. */
function forcedErrorFromPage(): ForcedErrorPoint | undefined {
  const value = document.documentElement.dataset.csvGuardForceError;
  return value === 'check' || value === 'click' || value === 'background' ? value : undefined;
}

/** e2e build only: data-csv-guard-slot-delay="<ms>" on <html> holds back the background's answer to a slot request. */
function slotReplyDelayFromPage(): number {
  const ms = Number(document.documentElement.dataset.csvGuardSlotDelay);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}
