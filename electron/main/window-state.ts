// The window opens where it was left: size, position and maximised state, remembered per display
// layout (a laptop alone and docked to a monitor each keep theirs), and never off-screen.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import { z } from 'zod';

export interface DisplayArea {
  readonly id: number;
  readonly bounds: Rectangle;
  /** The display without the task bar, dock and menu bar. */
  readonly workArea: Rectangle;
}

export interface SavedWindowState {
  readonly bounds: Rectangle;
  readonly maximised: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 900, height: 600 } as const;
/** Layouts remembered; the oldest is forgotten beyond this. */
const MOST_LAYOUTS = 8;

const rectangle = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
const stateFileSchema = z.object({
  layouts: z.record(
    z.string().max(2000),
    z.object({ bounds: rectangle, maximised: z.boolean(), savedAt: z.number() }),
  ),
});
type WindowStateFile = z.infer<typeof stateFileSchema>;

/** Which displays are connected, and where: the key a window state is remembered under. */
export const layoutKey = (displays: readonly DisplayArea[]): string =>
  displays
    .map(({ id, bounds: b }) => `${id}@${b.x},${b.y},${b.width}x${b.height}`)
    .sort()
    .join('|');

const overlap = (a: Rectangle, b: Rectangle) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/**
 * Where the window opens. Without a saved state: the default size on the primary display, centred
 * by Electron. With one: the saved size (no larger than the display it lands on) moved, if need
 * be, until it lies wholly inside the work area of the display it overlapped most — so a window
 * last seen on a monitor that is gone comes back onto a display that is there.
 */
export const placeWindow = (
  saved: SavedWindowState | undefined,
  displays: readonly DisplayArea[],
  primary: DisplayArea,
): { bounds: Partial<Rectangle> & { width: number; height: number }; maximised: boolean } => {
  if (!saved) {
    return {
      bounds: {
        width: Math.min(DEFAULT_WINDOW_SIZE.width, primary.workArea.width),
        height: Math.min(DEFAULT_WINDOW_SIZE.height, primary.workArea.height),
      },
      maximised: false,
    };
  }
  let target = primary;
  let best = 0;
  for (const display of displays) {
    const area = overlap(saved.bounds, display.workArea);
    if (area > best) {
      best = area;
      target = display;
    }
  }
  const area = target.workArea;
  const width = Math.min(Math.max(saved.bounds.width, MIN_WINDOW_SIZE.width), area.width);
  const height = Math.min(Math.max(saved.bounds.height, MIN_WINDOW_SIZE.height), area.height);
  return {
    bounds: {
      x: clamp(saved.bounds.x, area.x, area.x + area.width - width),
      y: clamp(saved.bounds.y, area.y, area.y + area.height - height),
      width,
      height,
    },
    maximised: saved.maximised,
  };
};

const readStateFile = (path: string): WindowStateFile => {
  try {
    const parsed = stateFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Missing or unreadable: the window opens at its default place.
  }
  return { layouts: {} };
};

/** The remembered states in `<userData>/window-state.json`. */
export const createWindowStateStore = (path: string, now: () => number = Date.now) => ({
  read: (displays: readonly DisplayArea[]): SavedWindowState | undefined => {
    const file = readStateFile(path);
    const exact = file.layouts[layoutKey(displays)];
    // A layout never seen before starts from the state saved last, brought onto the screen.
    const latest = Object.values(file.layouts).sort((a, b) => b.savedAt - a.savedAt)[0];
    const state = exact ?? latest;
    return state ? { bounds: state.bounds, maximised: state.maximised } : undefined;
  },
  write: (displays: readonly DisplayArea[], state: SavedWindowState) => {
    const file = readStateFile(path);
    file.layouts[layoutKey(displays)] = { ...state, savedAt: now() };
    const kept = Object.entries(file.layouts)
      .sort(([, a], [, b]) => b.savedAt - a.savedAt)
      .slice(0, MOST_LAYOUTS);
    mkdirSync(dirname(path), { recursive: true });
    // Written beside and renamed: a crash mid-write never leaves half a file.
    writeFileSync(`${path}.tmp`, JSON.stringify({ layouts: Object.fromEntries(kept) }));
    renameSync(`${path}.tmp`, path);
  },
});

export type WindowStateStore = ReturnType<typeof createWindowStateStore>;

type TrackedWindow = Pick<
  BrowserWindow,
  'on' | 'getNormalBounds' | 'isMaximized' | 'isMinimized' | 'isFullScreen' | 'isDestroyed'
>;

/**
 * Saves the window's state as it changes (a moment after the last move or resize) and when it
 * closes. The normal bounds are saved even while maximised, so un-maximising after a restart
 * goes back to the size the person chose.
 */
export const trackWindowState = (
  window: TrackedWindow,
  store: Pick<WindowStateStore, 'write'>,
  displays: () => readonly DisplayArea[],
  options: { readonly delayMs?: number; readonly onError?: (error: unknown) => void } = {},
) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    try {
      store.write(displays(), {
        bounds: window.getNormalBounds(),
        maximised: window.isMaximized(),
      });
    } catch (error) {
      options.onError?.(error);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, options.delayMs ?? 500);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) {
    window.on(event as 'resize', later);
  }
  window.on('close', save);
};
