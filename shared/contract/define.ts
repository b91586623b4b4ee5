import type { z } from 'zod';

/** A command: one request, one answer. `R` is the result type, carried only at the type level. */
export interface CommandDef<I extends z.ZodType, R> {
  readonly kind: 'command';
  readonly input: I;
  readonly description: string;
  /** Phantom: never set at run time. */
  readonly resultType?: R;
}

/** A live query: a subscription that answers now and again whenever its data changes. */
export interface LiveQueryDef<I extends z.ZodType, R> {
  readonly kind: 'liveQuery';
  readonly input: I;
  readonly description: string;
  readonly resultType?: R;
}

// Curried so the result type is written explicitly while the input schema's type is inferred.
export const command =
  <R>() =>
  <I extends z.ZodType>(input: I, description: string): CommandDef<I, R> => ({
    kind: 'command',
    input,
    description,
  });

export const liveQuery =
  <R>() =>
  <I extends z.ZodType>(input: I, description: string): LiveQueryDef<I, R> => ({
    kind: 'liveQuery',
    input,
    description,
  });
