import { describe, expect, it } from 'vitest';
import { TextSlices } from '../../../lib/background/text-slices';
import { sendTextInSlices, SLICES_IN_FLIGHT } from '../../../lib/page/text-slices';
import type { SendToBackground } from '../../../lib/page/upload-guard';

describe('sendTextInSlices', () => {
  it('sends a few slices at once, and the background puts the file back together whatever order they land in', async () => {
    const text = Array.from({ length: 40_000 }, (_, i) => `RXX${i},person${i}@nhs.net,Siân 🙂 ${i}`).join('\r\n');
    const background = new TextSlices();
    let inFlight = 0;
    let mostInFlight = 0;
    let calls = 0;
    const send = (async (_type: string, data: { checkId: string; index: number; count: number; text: string }) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      // Later slices answer sooner: the arrival order is shuffled.
      await new Promise((resolve) => setTimeout(resolve, (++calls % 3) * 3));
      inFlight--;
      return { received: background.add(data.checkId, data.index, data.count, data.text) };
    }) as unknown as SendToBackground;
    const progress: number[] = [];
    const count = await sendTextInSlices(send, 'r1', text, (sent) => progress.push(sent));
    expect(count).toBeGreaterThan(SLICES_IN_FLIGHT);
    expect(mostInFlight).toBe(SLICES_IN_FLIGHT);
    expect(progress).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(background.take('r1', count)).toBe(text);
  });

  it('fails when a slice cannot be sent, and sends no more after it', async () => {
    let sent = 0;
    const send = (async (_type: string, data: { index: number }) => {
      sent++;
      if (data.index === 1) throw new Error('background gone');
      return { received: 1 };
    }) as unknown as SendToBackground;
    await expect(sendTextInSlices(send, 'r2', 'x'.repeat(256 * 1024 * 20))).rejects.toThrow('background gone');
    expect(sent).toBeLessThan(20);
  });
});

describe('sendTextInSlices on the portal page', () => {
  it('sends one slice at a time from the running code, never several in one go (each serialisation is its own short task)', async () => {
    let sendsThisRun = 0;
    let mostInOneRun = 0;
    let sent = 0;
    const send = (async () => {
      // Reset as soon as the code running now is done: sends made one after another in one run of code count together.
      if (sendsThisRun === 0) queueMicrotask(() => (sendsThisRun = 0));
      mostInOneRun = Math.max(mostInOneRun, ++sendsThisRun);
      sent++;
      return { received: 1 };
    }) as unknown as SendToBackground;
    const count = await sendTextInSlices(send, 'r3', 'x'.repeat(256 * 1024 * 6));
    expect(count).toBe(6);
    expect(sent).toBe(6);
    expect(mostInOneRun).toBe(1);
  });
});
