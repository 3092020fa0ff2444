import { describe, expect, it } from 'vitest';
import { HARM_CASES } from '../../harm/cases';
import { harmOf, runWeek } from '../../harm/simulate';

/**
 * Every harmful scenario the simulator found, minimised (tests/harm/cases.ts), run bare and with CSV
 * Guard. A case with `open` is harm CSV Guard on main still lets through: when the work it names lands,
 * this test fails on purpose, and the case's `open` line is removed so that it must stay at zero.
 */
describe('harm simulator: minimised harmful cases', () => {
  for (const c of HARM_CASES) {
    it(c.name, { timeout: 60_000 }, async () => {
      const result = await runWeek(c.scenario);
      expect(result.error).toBeUndefined();
      const guarded = harmOf(result.guarded);
      if (c.open) {
        expect(guarded, `CSV Guard no longer lets this harm through: remove "open" from the case (${c.open}) in tests/harm/cases.ts`).toBeGreaterThan(
          0,
        );
      } else {
        expect(result.guarded, result.log.join('\n')).toMatchObject({ duplicates: 0, overwrites: 0, lostUpdates: 0 });
      }
    });
  }
});
