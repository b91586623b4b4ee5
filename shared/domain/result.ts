/**
 * Why a domain rule refused. The codes are the host's error codes of the same name, so the core
 * passes them through unchanged: `conflict` (not allowed from the current state), `forbidden` (not
 * by this person), `invalid_input` (something required is missing or malformed).
 */
export type DomainErrorCode = 'conflict' | 'forbidden' | 'invalid_input';

export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
}

export type DomainResult<T> =
  { readonly ok: true; readonly doc: T } | { readonly ok: false; readonly error: DomainError };

export const done = <T>(doc: T): DomainResult<T> => ({ ok: true, doc });

export const refuse = (code: DomainErrorCode, message: string): DomainResult<never> => ({
  ok: false,
  error: { code, message },
});
