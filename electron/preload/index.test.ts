import { describe, expect, it, vi } from 'vitest';

const exposed = vi.hoisted(() => new Map<string, unknown>());

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api),
  },
  ipcRenderer: { send: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));

describe('preload', () => {
  it('exposes only the typed host client: call and watch, no ipcRenderer', async () => {
    await import('./index');
    expect([...exposed.keys()]).toEqual(['mmmHost']);
    const api = exposed.get('mmmHost') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['call', 'watch']);
    expect(typeof api['call']).toBe('function');
    expect(typeof api['watch']).toBe('function');
  });
});
