import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { PopupApp } from '../../components/popup/PopupApp';
import type { PopupClient } from '../../components/popup/popup-client';
import type { SlotStatus } from '../../lib/submissions/types';

/** A client whose slot answers are given in turn; everything else answers as an idle background would. */
function clientAnswering(...slots: unknown[]): PopupClient {
  return {
    slotStatus: async () => slots.shift() as SlotStatus,
    history: async () => [],
    finish: async () => {
      throw new Error('not used');
    },
    release: async () => false,
    reconcile: async () => ({ outcome: 'cannot-reconcile', error: 'not used' }),
    onSlotChanged: () => () => undefined,
    openInTab: async () => undefined,
    openReconcileTab: async () => undefined,
    reports: async () => [],
    openOptions: async () => undefined,
  };
}

describe('the popup reading the upload state', () => {
  it('says it could not read the upload state, with Try again, when the background answers without one (never "Reading…" for ever)', async () => {
    render(<PopupApp client={clientAnswering(null, { state: 'free' })} mode="tab" />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/CSV Guard could not read its upload state: the background answered without it/);
    expect(screen.queryByText('Reading the upload state…')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('slot-free')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
