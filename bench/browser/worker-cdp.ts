import type { BrowserContext, CDPSession } from 'playwright-core';

/**
 * DevTools protocol commands to the extension's service worker. Playwright cannot open a CDP session
 * on a worker, so a browser-level session (context.browser().newBrowserCDPSession()) attaches to the
 * worker target in non-flattened mode and relays commands as Target.sendMessageToTarget messages.
 * A worker Chrome stopped and restarted is found and attached again on the next command.
 */
export class WorkerCdp {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private sessionId: string | undefined;

  private constructor(
    private readonly cdp: CDPSession,
    private readonly workerUrlPrefix: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
    });
    cdp.on('Target.detachedFromTarget', (event) => {
      if (event.sessionId === this.sessionId) this.sessionId = undefined;
    });
  }

  static async open(context: BrowserContext, extensionId: string): Promise<WorkerCdp> {
    const browser = context.browser();
    if (!browser) throw new Error('No browser-level DevTools session for this context.');
    return new WorkerCdp(await browser.newBrowserCDPSession(), `chrome-extension://${extensionId}/`);
  }

  /** Sends one command to the worker; undefined when no worker is running. */
  async send<T>(method: string, params: Record<string, unknown> = {}): Promise<T | undefined> {
    if (!this.sessionId) {
      const { targetInfos } = await this.cdp.send('Target.getTargets');
      const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(this.workerUrlPrefix));
      if (!worker) return undefined;
      this.sessionId = (await this.cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })).sessionId;
    }
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    try {
      await this.cdp.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) });
    } catch {
      this.pending.delete(id);
      this.sessionId = undefined;
      return undefined;
    }
    return (await answer) as T;
  }

  /** Used JS heap of the worker in bytes. */
  async heapUsed(): Promise<number | undefined> {
    return (await this.send<{ usedSize: number }>('Runtime.getHeapUsage'))?.usedSize;
  }

  /** The worker's heap after a full garbage collection: what it keeps, not what it has not yet freed. */
  async heapRetained(): Promise<number | undefined> {
    await this.send('HeapProfiler.collectGarbage');
    return this.heapUsed();
  }

  async close(): Promise<void> {
    for (const waiting of this.pending.values()) waiting.reject(new Error('closed'));
    this.pending.clear();
    await this.cdp.detach().catch(() => undefined);
  }
}
