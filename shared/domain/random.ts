/**
 * A source of random bytes. shared/ has no I/O, so callers pass one: the core passes
 * `(n) => crypto.getRandomValues(new Uint8Array(n))`, tests and the demo pass a seeded generator.
 */
export type RandomBytes = (length: number) => Uint8Array;
