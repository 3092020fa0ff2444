import type { z } from 'zod';
import { errorMessage } from '../error-message';
import type { Audience } from './message-spec';
import { MESSAGES, isEnvelope, type MessageType, type Reply, type RequestOf, type ResponseOf } from './protocol';
import { classifySender, type SenderKind, type SenderLike, type SenderTrust } from './sender-trust';

/** Who sent a message: the tab id is how the slot knows which tab holds it. */
export interface SenderInfo {
  tabId?: number;
  url?: string;
}

export type Handler<K extends MessageType> = (data: RequestOf<K>, sender: SenderInfo) => Promise<ResponseOf<K>> | ResponseOf<K>;
export type Handlers<Keys extends MessageType = MessageType> = { [K in Keys]: Handler<K> };

const ALLOWED: Readonly<Record<Audience, readonly SenderKind[]>> = {
  page: ['portal-page', 'extension-page'],
  extension: ['extension-page'],
};

const SENDER_NAMES: Readonly<Record<SenderKind, string>> = {
  'portal-page': 'a portal page',
  'extension-page': "one of CSV Guard's own pages",
  unknown: 'an unknown sender',
};

/** "fileName: Invalid input: expected string, received undefined; …" — the first few problems, each with its field. */
export function describeSchemaError(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  const more = error.issues.length > shown.length ? ` (and ${error.issues.length - shown.length} more)` : '';
  return shown.join('; ') + more;
}

/**
 * Decide whether a message may reach its handler: a known type, from a sender its audience allows,
 * with a request its schema accepts. Returns the parsed request, or the refusal to send back.
 */
export function admitMessage(
  message: { type?: unknown; data?: unknown },
  sender: SenderLike,
  trust: SenderTrust,
): { ok: true; type: MessageType; data: unknown } | { ok: false; error: string } {
  const type = message.type;
  if (typeof type !== 'string' || !Object.hasOwn(MESSAGES, type))
    return { ok: false, error: `CSV Guard does not know the message "${String(type)}".` };
  const spec = MESSAGES[type as MessageType];
  const kind = classifySender(sender, trust);
  if (!ALLOWED[spec.from].includes(kind)) {
    const who = spec.from === 'extension' ? "only CSV Guard's own pages" : "only the portal's Upload Users page or CSV Guard's own pages";
    return { ok: false, error: `CSV Guard refused "${type}" from ${SENDER_NAMES[kind]}: ${who} may ask for it. Nothing was changed.` };
  }
  const parsed = spec.request.safeParse(message.data);
  if (!parsed.success)
    return { ok: false, error: `CSV Guard refused a malformed "${type}" message (${describeSchemaError(parsed.error)}). Nothing was changed.` };
  return { ok: true, type: type as MessageType, data: parsed.data };
}

/**
 * Turn a complete handler table into a runtime.onMessage listener. Every request is admitted first
 * (sender and schema, see admitMessage); a refusal is answered and nothing runs. Errors become
 * `{ ok: false, error }` replies so the caller can show them; nothing is thrown across the boundary.
 */
export function createMessageListener(handlers: Handlers, trust: SenderTrust) {
  return (message: unknown, sender: SenderLike): Promise<Reply> | undefined => {
    if (!isEnvelope(message)) return undefined;
    const admitted = admitMessage(message, sender, trust);
    if (!admitted.ok) return Promise.resolve(admitted);
    const handler = handlers[admitted.type] as Handler<MessageType>;
    const info: SenderInfo = { tabId: sender.tab?.id, url: sender.tab?.url ?? sender.url };
    return (async (): Promise<Reply> => {
      try {
        return { ok: true, data: await handler(admitted.data as never, info) } as Reply;
      } catch (error) {
        return { ok: false, error: errorMessage(error) };
      }
    })();
  };
}
