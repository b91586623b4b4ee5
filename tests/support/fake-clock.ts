import type { Clock } from '../../electron/core/platform/clock';

export interface FakeClock extends Clock {
  /** Moves time forward and runs every timer that fell due. */
  advance(ms: number): void;
  /** How many timers are running: 0 once every subscriber has gone. */
  activeTimers(): number;
}

export const createFakeClock = (start = new Date('2026-01-05T09:00:00.000Z')): FakeClock => {
  let now = start.getTime();
  const timers = new Map<number, { every: number; due: number; tick: () => void }>();
  let nextTimer = 1;
  return {
    now: () => new Date(now),
    every: (ms, tick) => {
      const id = nextTimer++;
      timers.set(id, { every: ms, due: now + ms, tick });
      return () => {
        timers.delete(id);
      };
    },
    advance: (ms) => {
      const end = now + ms;
      for (;;) {
        const due = [...timers.values()].filter((timer) => timer.due <= end);
        if (due.length === 0) break;
        const first = due.reduce((a, b) => (a.due <= b.due ? a : b));
        now = first.due;
        first.due += first.every;
        first.tick();
      }
      now = end;
    },
    activeTimers: () => timers.size,
  };
};
