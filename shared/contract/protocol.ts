import { z } from 'zod';
import { hostErrorCodes } from './result';
import type { HostResult } from './result';

/** The one IPC channel, namespaced so nothing else in the app can collide with it. */
export const HOST_CHANNEL = 'mmm:host';
/** The WebSocket path of browser mode. */
export const HOST_WEBSOCKET_PATH = '/host';

const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const name = z.string().min(1).max(200);

/** Client → host. The input stays `unknown` here: the host parses it with the command's schema. */
export const clientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: requestId, name, input: z.unknown() }),
  z.object({ t: z.literal('watch'), id: requestId, name, input: z.unknown() }),
  z.object({ t: z.literal('unwatch'), id: requestId }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

const hostResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(hostErrorCodes),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  }),
]);

/**
 * Host → client. `result` answers a call; `next` is one answer of a live query (an error answer
 * ends it).
 */
export const hostMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: requestId, result: hostResultSchema }),
  z.object({ t: z.literal('next'), id: requestId, result: hostResultSchema }),
]);
export type HostMessage =
  | { readonly t: 'result'; readonly id: number; readonly result: HostResult<unknown> }
  | { readonly t: 'next'; readonly id: number; readonly result: HostResult<unknown> };
