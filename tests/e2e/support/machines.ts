/** The end-to-end run's three app installations (see playwright.config.ts), by whose machine. */
const basePort = Number(process.env['E2E_PORT'] ?? 5184);

export const machines = { admin: basePort, manager: basePort + 1, mentor: basePort + 2 } as const;
export type Machine = keyof typeof machines;

export const urlOf = (machine: Machine): string => `http://127.0.0.1:${machines[machine]}`;
