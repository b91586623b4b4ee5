import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rectangle } from 'electron';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  createWindowStateStore,
  DEFAULT_WINDOW_SIZE,
  layoutKey,
  MIN_WINDOW_SIZE,
  placeWindow,
  trackWindowState,
} from './window-state';
import type { DisplayArea } from './window-state';

const display = (id: number, x: number, y: number, width: number, height: number): DisplayArea => ({
  id,
  bounds: { x, y, width, height },
  // A 40 px task bar at the bottom.
  workArea: { x, y, width, height: height - 40 },
});
const laptop = display(1, 0, 0, 1920, 1080);
const monitor = display(2, 1920, 0, 2560, 1440);
const inside = (inner: Rectangle, outer: Rectangle) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

describe('where the window opens', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(placeWindow(undefined, [laptop], laptop)).toEqual({
      bounds: { ...DEFAULT_WINDOW_SIZE },
      maximised: false,
    });
    const small = display(3, 0, 0, 1024, 700);
    expect(placeWindow(undefined, [small], small).bounds).toEqual({ width: 1024, height: 660 });
  });

  it('opens where it was, maximised if it was', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximised: true };
    expect(placeWindow(saved, [laptop, monitor], laptop)).toEqual(saved);
  });

  it('comes back onto a display that is there when its monitor is gone', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 2400, height: 1300 }, maximised: false };
    const placed = placeWindow(saved, [laptop], laptop);
    expect(placed.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('is pulled back when it hangs off the edge, and never smaller than its minimum', () => {
    const saved = { bounds: { x: -500, y: 900, width: 300, height: 200 }, maximised: false };
    expect(placeWindow(saved, [laptop], laptop).bounds).toEqual({
      x: 0,
      y: 1040 - MIN_WINDOW_SIZE.height,
      ...MIN_WINDOW_SIZE,
    });
  });

  it('lies wholly on one display’s work area for any saved state and display layout', () => {
    const rect = fc.record({
      x: fc.integer({ min: -10_000, max: 10_000 }),
      y: fc.integer({ min: -10_000, max: 10_000 }),
      width: fc.integer({ min: 1, max: 8000 }),
      height: fc.integer({ min: 1, max: 5000 }),
    });
    const screen = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }),
      y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 320, max: 6000 }),
      height: fc.integer({ min: 280, max: 4000 }),
    });
    fc.assert(
      fc.property(
        rect,
        fc.boolean(),
        fc.array(screen, { minLength: 1, maxLength: 4 }),
        (bounds, maximised, screens) => {
          const displays = screens.map((s, i) => display(i + 1, s.x, s.y, s.width, s.height));
          const primary = displays[0] as DisplayArea;
          const placed = placeWindow({ bounds, maximised }, displays, primary);
          const full = placed.bounds as Rectangle;
          expect(displays.some((d) => inside(full, d.workArea))).toBe(true);
          expect(placed.maximised).toBe(maximised);
        },
      ),
    );
  });
});

describe('the remembered state', () => {
  const path = () => join(mkdtempSync(join(tmpdir(), 'mmm-window-')), 'window-state.json');

  it('is kept per display layout, and a new layout starts from the last one saved', () => {
    let now = 1;
    const store = createWindowStateStore(path(), () => now++);
    const alone = { bounds: { x: 10, y: 10, width: 1000, height: 700 }, maximised: false };
    const docked = { bounds: { x: 2000, y: 50, width: 2000, height: 1200 }, maximised: true };
    store.write([laptop], alone);
    store.write([laptop, monitor], docked);
    expect(store.read([laptop])).toEqual(alone);
    expect(store.read([monitor, laptop])).toEqual(docked);
    expect(store.read([display(9, 0, 0, 800, 600)])).toEqual(docked);
    expect(layoutKey([monitor, laptop])).toBe(layoutKey([laptop, monitor]));
  });

  it('ignores a missing or damaged file', () => {
    const file = path();
    expect(createWindowStateStore(file).read([laptop])).toBeUndefined();
    writeFileSync(file, '{"layouts": {"x": {"bounds": "nope"}}');
    expect(createWindowStateStore(file).read([laptop])).toBeUndefined();
    writeFileSync(file, 'not json');
    expect(createWindowStateStore(file).read([laptop])).toBeUndefined();
  });

  it('is saved a moment after moves and resizes, and at close, with the normal bounds', () => {
    vi.useFakeTimers();
    try {
      const window = Object.assign(new EventEmitter(), {
        getNormalBounds: () => ({ x: 5, y: 6, width: 1100, height: 800 }),
        isMaximized: () => true,
        isMinimized: (): boolean => false,
        isFullScreen: () => false,
        isDestroyed: () => false,
      });
      const write = vi.fn();
      trackWindowState(window as never, { write }, () => [laptop], { delayMs: 300 });
      window.emit('move');
      window.emit('resize');
      window.emit('move');
      expect(write).not.toHaveBeenCalled();
      vi.advanceTimersByTime(300);
      expect(write).toHaveBeenCalledOnce();
      expect(write).toHaveBeenCalledWith([laptop], {
        bounds: { x: 5, y: 6, width: 1100, height: 800 },
        maximised: true,
      });
      window.emit('close');
      expect(write).toHaveBeenCalledTimes(2);
      // A minimised window's state is not what the person wants back.
      window.isMinimized = () => true;
      window.emit('close');
      expect(write).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes the file whole', () => {
    const file = path();
    createWindowStateStore(file).write([laptop], {
      bounds: { x: 1, y: 2, width: 1000, height: 700 },
      maximised: false,
    });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      layouts: { [layoutKey([laptop])]: { maximised: false } },
    });
  });
});
