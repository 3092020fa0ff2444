import { describe, expect, it } from 'vitest';
import { runHarm, runScenario } from '../../harm/simulate';

/**
 * A fixed-seed slice of `npm run harm`: the same scenarios, the same lib/ paths. The full run is
 * `npm run harm` (1,000 scenarios); this keeps the simulator, and the figures it reports, honest.
 */
const SEED = 20261130;
const SCENARIOS = 40;

describe('harm simulator (fixed-seed slice)', () => {
  it(`finds the portal's harm bare, and CSV Guard lets none of it through (${SCENARIOS} scenarios, seed ${SEED})`, { timeout: 300_000 }, async () => {
    const run = await runHarm(SCENARIOS, SEED);
    expect(
      run.errors,
      run.harmful
        .map((r) => r.error)
        .filter(Boolean)
        .join('\n'),
    ).toBe(0);
    // Bare, the generated weeks do all three harms: the simulator is measuring something.
    expect(run.bare.duplicates).toBeGreaterThan(0);
    expect(run.bare.overwrites).toBeGreaterThan(0);
    expect(run.bare.lostUpdates).toBeGreaterThan(0);
    // With CSV Guard, none: no duplicate, no one else's account overwritten, no intended update lost.
    const harmful = run.harmful
      .map(
        (r) =>
          `seed ${r.seed}: ${JSON.stringify({ duplicates: r.guarded.duplicates, overwrites: r.guarded.overwrites, lostUpdates: r.guarded.lostUpdates })}`,
      )
      .join('\n');
    expect({ duplicates: run.guarded.duplicates, overwrites: run.guarded.overwrites, lostUpdates: run.guarded.lostUpdates }, harmful).toEqual({
      duplicates: 0,
      overwrites: 0,
      lostUpdates: 0,
    });
    // Every false hold is counted under at least one reason (what held it), each explained in tests/harm/README.md.
    expect(Object.values(run.guarded.falseHoldReasons).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(run.guarded.falseHolds);
  });

  it('replays a scenario exactly from its seed', { timeout: 60_000 }, async () => {
    const first = await runScenario(SEED + 3);
    const again = await runScenario(SEED + 3);
    expect(again.bare).toEqual(first.bare);
    expect(again.guarded).toEqual(first.guarded);
    expect(again.log).toEqual(first.log);
  });
});
