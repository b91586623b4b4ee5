/**
 * What `npm run server` says when it listens beyond this machine: a small organisation runs it on
 * one machine of its office network, and whoever starts it must know what that exposes.
 */
export const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

/** What an office network exposes, said where whoever starts the server reads it. */
export const networkWarning = (host: string, trustProxy: string | undefined): string[] => [
  `This server listens on ${host}: other machines on the network can reach it.`,
  'Safe: every route but the ones the app uses is refused (deny by default), each database',
  'only to its members; passwords are stored as PBKDF2-SHA256 (600,000 iterations) and',
  'sign-in is throttled per account and per address; errors reveal no paths.',
  'Not safe: it speaks plain HTTP. Passwords, session cookies and data cross the network',
  'readable by anyone on it. Put a TLS reverse proxy in front (e.g. Caddy or nginx) and',
  'let the app use https://, or keep this server on 127.0.0.1.',
  ...(trustProxy === undefined
    ? [
        'Behind a proxy, start with --trust-proxy loopback, so sign-in throttling counts',
        "each client's address rather than the proxy's.",
      ]
    : []),
  'For many users or more than one machine, use Apache CouchDB 3 (docs/SECURITY.md).',
];
