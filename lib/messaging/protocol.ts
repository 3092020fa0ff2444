import type { ChecksProtocol } from './checks-protocol';
import type { ReportsProtocol } from './reports-protocol';
import type { ResultsProtocol } from './results-protocol';
import type { SubmissionsProtocol } from './submissions-protocol';

/**
 * The one typed message contract between content script, popup, options and background.
 * Each area keeps its messages in its own `*-protocol.ts`; this joins them.
 */
export type ProtocolMap = ChecksProtocol & ReportsProtocol & SubmissionsProtocol & ResultsProtocol;
export type MessageType = keyof ProtocolMap;
export type RequestOf<K extends MessageType> = ProtocolMap[K]['request'];
export type ResponseOf<K extends MessageType> = ProtocolMap[K]['response'];

/** What travels on the wire. */
export interface Envelope<K extends MessageType = MessageType> {
  channel: 'csv-guard';
  type: K;
  data: RequestOf<K>;
}

export type Reply<K extends MessageType = MessageType> = { ok: true; data: ResponseOf<K> } | { ok: false; error: string };

export function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && (value as { channel?: unknown }).channel === 'csv-guard';
}
