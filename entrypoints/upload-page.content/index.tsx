import { render } from 'preact';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { GuardPanel, type PanelActions } from '../../components/panel/GuardPanel';
import { PANEL_CSS } from '../../components/panel/panel-styles';
import { sendToBackground } from '../../lib/messaging/send';
import { downloadCsv } from '../../lib/page/download';
import { readChosenFile } from '../../lib/page/file-reading';
import type { GuardState } from '../../lib/page/guard-state';
import { panelAnchor, type UploadView } from '../../lib/page/upload-controls';
import { UploadGuard, type ForcedErrorPoint } from '../../lib/page/upload-guard';
import { PORTAL_ADMIN_MATCH } from '../../lib/portal/hosts';

// The Upload Users page: wire the page guard (lib/page) to the browser and mount its panel (components/panel).
export default defineContentScript({
  matches: [PORTAL_ADMIN_MATCH],
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

  const guard = new UploadGuard({
    doc: document,
    send: sendToBackground,
    readFile: readChosenFile,
    fetchText: async (url) => {
      const response = await pageFetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`The sample file could not be read (${response.status}).`);
      return response.text();
    },
    download: (file) => downloadCsv(file.name, file.content, ui.shadow),
    newRequestId: () => crypto.randomUUID(),
    forcedError: import.meta.env.MODE === 'e2e' ? forcedErrorFromPage : undefined,
    onLayout: (view, state) => place(view, state),
  });

  const actions: PanelActions = {
    onAcknowledge: (checked) => guard.acknowledge(checked),
    onRetry: () => guard.retry(),
    onExport: (kind) => void guard.exportFile(kind),
    onLoadFindings: (rule, offset, limit) => guard.loadFindings(rule, offset, limit),
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
    browser.runtime.onMessage.removeListener(onMessage);
    guard.stop();
  });

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

/** e2e build only: a test sets data-csv-guard-force-error on <html> to prove an internal error leaves the portal working. */
function forcedErrorFromPage(): ForcedErrorPoint | undefined {
  const value = document.documentElement.dataset.csvGuardForceError;
  return value === 'check' || value === 'click' ? value : undefined;
}
