import type { Runtime } from 'webextension-polyfill';
import { isEnvelope, type MessageType, type Reply, type RequestOf, type ResponseOf } from './protocol';

/** Who sent a message: the tab id is how the slot knows which tab holds it. */
export interface SenderInfo {
  tabId?: number;
  url?: string;
}

export type Handler<K extends MessageType> = (data: RequestOf<K>, sender: SenderInfo) => Promise<ResponseOf<K>> | ResponseOf<K>;
export type Handlers<Keys extends MessageType = MessageType> = { [K in Keys]: Handler<K> };

/**
 * Turn a complete handler table into a runtime.onMessage listener.
 * Errors become `{ ok: false, error }` replies so the caller can show them; nothing is thrown across the boundary.
 */
export function createMessageListener(handlers: Handlers) {
  return (message: unknown, sender: Runtime.MessageSender): Promise<Reply> | undefined => {
    if (!isEnvelope(message)) return undefined;
    const handler = handlers[message.type] as Handler<MessageType> | undefined;
    if (!handler) return Promise.resolve({ ok: false, error: `Unknown message "${String(message.type)}".` });
    const info: SenderInfo = { tabId: sender.tab?.id, url: sender.tab?.url ?? sender.url };
    return (async (): Promise<Reply> => {
      try {
        return { ok: true, data: await handler(message.data as never, info) } as Reply;
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    })();
  };
}
