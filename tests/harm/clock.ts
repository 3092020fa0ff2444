/**
 * Simulated time. CSV Guard reads Date.now() in many places (report import, submissions, expiry), so
 * the simulator sets the clock for all of them at once: a week passes in milliseconds, the same way on
 * every run.
 */
export class SimClock {
  private t: number;

  constructor(start: number) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  set(t: number): void {
    this.t = t;
  }

  advance(ms: number): void {
    this.t += ms;
  }

  /** Make Date.now() read this clock until the returned function is called. */
  install(): () => void {
    const real = Date.now;
    Date.now = () => this.t;
    return () => {
      Date.now = real;
    };
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
