import { z } from 'zod';
import type { SlotStatus, SubmissionState } from '../submissions/types';
import type { CheckProgressPhase } from './checks-protocol';

/**
 * What the background pushes without being asked, typed like the request map (ProtocolMap) and parsed
 * with zod on receipt: a page acts only on an event it fully understands, and ignores anything else.
 */
export interface EventMap {
  /** To every tab that has asked about the slot (as that tab sees it) and every extension page, when the slot changes. */
  'slot-changed': { slot: SlotStatus };
  /** To the checking tab while its check runs. */
  'check-progress': {
    /** The checked file's one id (see 'check-upload'). */
    checkId: string;
    phase: CheckProgressPhase;
    /** 0 to 1, over the whole check. */
    fraction: number;
  };
}

export type EventType = keyof EventMap;
/** One pushed event as it travels: its type, then its fields. */
export type PushedEvent<K extends EventType = EventType> = { [T in K]: { type: T } & EventMap[T] }[K];
export type SlotChangedEvent = PushedEvent<'slot-changed'>;
export type CheckProgressEvent = PushedEvent<'check-progress'>;

const submissionState = z.enum(['preparing', 'processing', 'results-received', 'finished', 'expired'] satisfies SubmissionState[]);
const time = z.number().finite();

const slotStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('free') }),
  z.object({
    state: z.literal('held'),
    yours: z.boolean(),
    submission: z.object({
      id: z.string(),
      state: submissionState,
      fileName: z.string(),
      createdAt: time,
      rowCount: z.number().int().nonnegative(),
      processingAt: time.optional(),
      tabId: z.number().int().optional(),
      uploadClickedAt: time.optional(),
      note: z.string().optional(),
    }),
  }),
]);

/** One schema per event of the map: adding an event without its schema fails the type-check. */
const EVENT_SCHEMAS: Readonly<{ [K in EventType]: z.ZodType<PushedEvent<K>> }> = {
  'slot-changed': z.object({ type: z.literal('slot-changed'), slot: slotStatus }),
  'check-progress': z.object({
    type: z.literal('check-progress'),
    checkId: z.string(),
    phase: z.enum(['reading', 'parsing', 'looking-up', 'checking'] satisfies CheckProgressPhase[]),
    fraction: z.number().min(0).max(1),
  }),
};

/** The event a message carries, when it is one of the map's and well formed; undefined for anything else. */
export function parsePushedEvent(message: unknown): PushedEvent | undefined {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_SCHEMAS, type)) return undefined;
  const parsed = EVENT_SCHEMAS[type as EventType].safeParse(message);
  return parsed.success ? parsed.data : undefined;
}
