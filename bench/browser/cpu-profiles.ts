import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { WorkerCdp } from './worker-cdp';

/**
 * Optional (BENCH_PROFILE=1): V8 CPU profiles of the portal page and the service worker during one
 * check, written as .cpuprofile files (open them in Chrome DevTools → Performance) with the functions
 * that took the most time printed, to see where a missed target's time goes.
 */

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuProfiling {
  /** Writes <label>-page.cpuprofile and <label>-worker.cpuprofile; returns the top functions by self time. */
  stop(): Promise<string[]>;
}

export async function startCpuProfiles(context: BrowserContext, page: Page, worker: WorkerCdp, outDir: string, label: string): Promise<CpuProfiling> {
  const pageCdp = await context.newCDPSession(page);
  await pageCdp.send('Profiler.enable');
  await pageCdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await pageCdp.send('Profiler.start');
  await worker.send('Profiler.enable');
  await worker.send('Profiler.setSamplingInterval', { interval: 200 });
  await worker.send('Profiler.start');
  return {
    async stop() {
      const pageProfile = (await pageCdp.send('Profiler.stop')).profile as unknown as CpuProfile;
      const workerProfile = (await worker.send<{ profile: CpuProfile }>('Profiler.stop'))?.profile;
      await pageCdp.detach().catch(() => undefined);
      mkdirSync(outDir, { recursive: true });
      const lines: string[] = [];
      for (const [where, profile] of [
        ['page', pageProfile],
        ['worker', workerProfile],
      ] as const) {
        if (!profile) continue;
        const file = join(outDir, `${label}-${where}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        lines.push(`${label} ${where} (${file}):`, ...topSelfTime(profile, 12).map((l) => `  ${l}`));
        if (where === 'page') {
          const busy = longestBusyStretch(profile);
          writeFileSync(join(outDir, `${label}-page-longest-busy.cpuprofile`), JSON.stringify(busy.profile));
          lines.push(`${label} page, longest busy stretch ${busy.ms.toFixed(0)} ms:`, ...topSelfTime(busy.profile, 8).map((l) => `  ${l}`));
        }
      }
      return lines;
    },
  };
}

/** The longest run of samples with no idle between them (the CPU side of a long task), as a profile of its own. */
export function longestBusyStretch(profile: CpuProfile): { ms: number; profile: CpuProfile } {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let best = { from: 0, to: 0, ms: 0 };
  let from = -1;
  let ms = 0;
  profile.samples.forEach((id, i) => {
    if (idle.has(id)) {
      from = -1;
      return;
    }
    if (from === -1) {
      from = i;
      ms = 0;
    }
    ms += (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (ms > best.ms) best = { from, to: i + 1, ms };
  });
  return {
    ms: best.ms,
    profile: { ...profile, samples: profile.samples.slice(best.from, best.to), timeDeltas: profile.timeDeltas.slice(best.from + 1, best.to + 1) },
  };
}

/** The functions with the most self time, "12.3 ms  name  file:line". */
export function topSelfTime(profile: CpuProfile, count: number): string[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.split('/').pop() || '(native)';
    const key = `${frame.functionName || '(anonymous)'}  ${file}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()]
    .filter(([key]) => !key.startsWith('(idle)') && !key.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${key}`);
}
