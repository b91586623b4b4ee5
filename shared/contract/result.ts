/** Why a call failed, in words the renderer can branch on. */
export const hostErrorCodes = [
  'invalid_input',
  'unknown_name',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
] as const;

export type HostErrorCode = (typeof hostErrorCodes)[number];

export interface HostErrorIssue {
  readonly path: string;
  readonly message: string;
}

export interface HostError {
  readonly code: HostErrorCode;
  readonly message: string;
  /** For `invalid_input`: which field was wrong and why. */
  readonly issues?: readonly HostErrorIssue[];
}

/** Everything that crosses the host boundary is one of these: Electron strips thrown errors' details. */
export type HostResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: HostError };

export const ok = <T>(value: T): HostResult<T> => ({ ok: true, value });

export const fail = (
  code: HostErrorCode,
  message: string,
  issues?: readonly HostErrorIssue[],
): HostResult<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});

/** Thrown inside the core to answer with a specific error code; anything else becomes `internal`. */
export class HostFailure extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
    readonly issues?: readonly HostErrorIssue[],
  ) {
    super(message);
    this.name = 'HostFailure';
  }
}
