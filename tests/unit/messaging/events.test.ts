import { describe, expect, it } from 'vitest';
import { parsePushedEvent } from '../../../lib/messaging/events';

const held = {
  state: 'held',
  yours: false,
  submission: { id: 's1', state: 'processing', fileName: 'march.csv', createdAt: 1, rowCount: 3, processingAt: 2, tabId: 4 },
};

describe('events the background pushes, parsed on receipt', () => {
  it('reads a slot change and a check’s progress as the background sends them', () => {
    expect(parsePushedEvent({ type: 'slot-changed', slot: held })).toEqual({ type: 'slot-changed', slot: held });
    expect(parsePushedEvent({ type: 'slot-changed', slot: { state: 'free' } })).toEqual({ type: 'slot-changed', slot: { state: 'free' } });
    expect(parsePushedEvent({ type: 'check-progress', checkId: 'check-1', phase: 'looking-up', fraction: 0.3 })).toEqual({
      type: 'check-progress',
      checkId: 'check-1',
      phase: 'looking-up',
      fraction: 0.3,
    });
  });

  it('ignores anything malformed or unknown, so a page never acts on half an event', () => {
    for (const message of [
      undefined,
      'slot-changed',
      { type: 'slot-changed' },
      { type: 'slot-changed', slot: {} },
      { type: 'slot-changed', slot: { state: 'held', submission: held.submission } }, // whose is it?
      { type: 'slot-changed', slot: { ...held, submission: { ...held.submission, state: 'uploading' } } },
      { type: 'check-progress', phase: 'guessing', fraction: 0.5 },
      { type: 'check-progress', phase: 'checking', fraction: 2 },
      { type: 'toString' },
      { type: 'lookup-mailboxes', localIds: [] },
    ]) {
      expect(parsePushedEvent(message)).toBeUndefined();
    }
  });

  it('keeps only the slot fields a page may see', () => {
    const withHistory = { ...held, submission: { ...held.submission, localIds: ['RXX1'], fingerprint: 'abc' } };
    const parsed = parsePushedEvent({ type: 'slot-changed', slot: withHistory });
    expect(parsed?.type === 'slot-changed' && parsed.slot.state === 'held' && Object.keys(parsed.slot.submission)).not.toContain('localIds');
  });
});
