import type { BrowserContext, Page } from 'playwright-core';
import type { WorkerCdp } from './worker-cdp';

/**
 * Peak JS heap while something runs, sampled every `intervalMs`: the portal page (its renderer's main
 * isolate, which holds the content script's isolated world too) through CDP Performance.getMetrics
 * JSHeapUsedSize, and the service worker through WorkerCdp.
 */
export interface HeapPeaks {
  pagePeakBytes: number;
  workerPeakBytes: number;
  samples: number;
}

export interface HeapSampler {
  stop(): Promise<HeapPeaks>;
}

export async function sampleHeaps(context: BrowserContext, page: Page | undefined, worker: WorkerCdp, intervalMs = 50): Promise<HeapSampler> {
  const cdp = page ? await context.newCDPSession(page) : undefined;
  await cdp?.send('Performance.enable');
  const peaks: HeapPeaks = { pagePeakBytes: 0, workerPeakBytes: 0, samples: 0 };

  const sample = async () => {
    const [metrics, workerUsed] = await Promise.all([
      cdp?.send('Performance.getMetrics').catch(() => undefined),
      worker.heapUsed().catch(() => undefined),
    ]);
    const pageUsed = metrics?.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    peaks.pagePeakBytes = Math.max(peaks.pagePeakBytes, pageUsed);
    peaks.workerPeakBytes = Math.max(peaks.workerPeakBytes, workerUsed ?? 0);
    peaks.samples++;
  };

  let running = true;
  const loop = (async () => {
    while (running) {
      const next = new Promise((r) => setTimeout(r, intervalMs));
      await sample();
      await next;
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
      await sample();
      await cdp?.detach().catch(() => undefined);
      return peaks;
    },
  };
}
