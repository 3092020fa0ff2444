import { CHECKS_MESSAGES, type ChecksProtocol } from './checks-protocol';
import type { MessageSpecs } from './message-spec';
import { REPORTS_MESSAGES, type ReportsProtocol } from './reports-protocol';
import { RESULTS_MESSAGES, type ResultsProtocol } from './results-protocol';
import { SETTINGS_MESSAGES, type SettingsProtocol } from './settings-protocol';
import { SUBMISSIONS_MESSAGES, type SubmissionsProtocol } from './submissions-protocol';

/**
 * The one typed message contract between content script, popup, options and background.
 * Each area keeps its messages in its own `*-protocol.ts` (types, and the zod schema and audience of
 * each request next to them); this joins them.
 */
export type ProtocolMap = ChecksProtocol & ReportsProtocol & SubmissionsProtocol & ResultsProtocol & SettingsProtocol;
export type MessageType = keyof ProtocolMap;
export type RequestOf<K extends MessageType> = ProtocolMap[K]['request'];
export type ResponseOf<K extends MessageType> = ProtocolMap[K]['response'];

/** Who may send each message and the schema its request must pass: the router checks both. */
export const MESSAGES: Readonly<MessageSpecs<ProtocolMap>> = {
  ...CHECKS_MESSAGES,
  ...REPORTS_MESSAGES,
  ...SUBMISSIONS_MESSAGES,
  ...RESULTS_MESSAGES,
  ...SETTINGS_MESSAGES,
};

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
