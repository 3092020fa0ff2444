import type { SendToBackground } from './check-session';
import type { GuardStore } from './guard-store';

/**
 * Ask the background for the upload slot's status and keep the answer, unless newer news of the slot (a
 * slot-changed broadcast, a grant) came while it was on its way: that news is the later one. Until the answer
 * comes, the slot as last heard stands; the background decides the grant at Upload whatever the page holds.
 * Asking also tells the background this tab wants slot-changed broadcasts. Never rejects.
 */
export function askSlotStatus(store: GuardStore, send: SendToBackground): void {
  const before = store.get().slot;
  void send('slot-status', {}).then(
    (slot) => {
      if (store.get().slot === before) store.set({ slot });
    },
    () => undefined,
  );
}
