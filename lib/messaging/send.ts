import { sendToExtension } from '../browser/runtime';
import type { Envelope, MessageType, Reply, RequestOf, ResponseOf } from './protocol';

/** Thrown when the background answers with an error, so callers can show its message. */
export class BackgroundError extends Error {}

/** Ask the background worker; resolves with its typed answer or rejects with a BackgroundError. */
export async function sendToBackground<K extends MessageType>(type: K, data: RequestOf<K>): Promise<ResponseOf<K>> {
  const envelope: Envelope<K> = { channel: 'csv-guard', type, data };
  const reply = (await sendToExtension(envelope)) as Reply<K> | undefined;
  if (!reply) throw new BackgroundError(`CSV Guard's background did not answer "${type}".`);
  if (!reply.ok) throw new BackgroundError(reply.error);
  return reply.data;
}
