/** Wall-clock and this process's CPU milliseconds, shared by the Node benches. */
export interface Timing {
  wall: number;
  cpu: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall and CPU milliseconds of one synchronous call. */
export function measure<T>(fn: () => T): Timing & { value: T } {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const value = fn();
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, value };
}

/** Wall and CPU milliseconds of one asynchronous call (CPU includes anything else this process ran meanwhile). */
export async function measureAsync<T>(fn: () => Promise<T>): Promise<Timing & { value: T }> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const value = await fn();
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, value };
}
