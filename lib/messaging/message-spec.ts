import { z } from 'zod';
import type { TextEncodingName } from '../csv/types';

/**
 * Who may send a message:
 * - `page`: the content script on a portal tab (the Upload Users page), or one of the extension's own pages;
 * - `extension`: only the extension's own pages (popup, options). Everything that reads or changes
 *   stored data (reports, history, settings) is `extension`, so a portal page can never reach it.
 */
export type Audience = 'page' | 'extension';

/** One message's runtime contract: who may send it, and the zod schema its request must pass. */
export interface MessageSpec<Request> {
  from: Audience;
  request: z.ZodType<Request>;
}

/**
 * The runtime half of a `*-protocol.ts`: one spec per message of its type map. Typed against the map,
 * so adding a message to an area's interface without its schema (or the reverse) fails the type-check.
 */
export type MessageSpecs<Protocol extends { [K in keyof Protocol]: { request: unknown } }> = {
  [K in keyof Protocol]: MessageSpec<Protocol[K]['request']>;
};

/** The encodings lib/csv/decode names; a message naming another is malformed. */
export const textEncoding = z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] satisfies TextEncodingName[]);
