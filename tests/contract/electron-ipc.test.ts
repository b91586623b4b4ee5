import { describe, expect, it } from 'vitest';
import { createHostClient } from '../../shared/contract';
import { createIpcPort } from '../../electron/preload/ipc-port';
import { registerHostIpc } from '../../electron/main/host-ipc';
import { APP_PAGE_URL } from '../../electron/main/app-protocol';
import { isAppUrl } from '../../electron/main/trusted-sender';
import type { Host } from '../../electron/core/host/host';
import { createIpcDouble } from './electron-ipc-double';
import { runHostContractSuite } from './contract-suite';

const APP_URL = APP_PAGE_URL;

const connectOverIpc = (host: Host) => {
  const ipc = createIpcDouble(APP_URL);
  const unregister = registerHostIpc({
    ipcMain: ipc.ipcMain,
    host,
    isTrustedSender: (event) =>
      event.senderFrame !== null && isAppUrl(event.senderFrame.url, APP_URL),
  });
  return { ipc, unregister, client: createHostClient(createIpcPort(ipc.ipcRenderer)) };
};

runHostContractSuite('Electron IPC (in-memory double)', (host) => {
  const { ipc, unregister, client } = connectOverIpc(host);
  return Promise.resolve({
    client,
    sendRaw: (message) => {
      // structuredClone refuses functions and symbols, as Electron's IPC does; send what survives.
      try {
        ipc.ipcRenderer.send('mmm:host', structuredClone(message));
      } catch {
        ipc.ipcRenderer.send('mmm:host', typeof message);
      }
    },
    close: () => {
      unregister();
      return Promise.resolve();
    },
  });
});

describe('Electron IPC transport', () => {
  const countingHost = () => {
    const state = { calls: 0, activeWatches: 0 };
    const host: Host = {
      call: () => {
        state.calls += 1;
        return Promise.resolve({ ok: true, value: 'answer' });
      },
      watch: (_name, _input, _context, onResult) => {
        state.activeWatches += 1;
        onResult({ ok: true, value: 1 });
        return () => {
          state.activeWatches -= 1;
        };
      },
    };
    return { host, state };
  };

  it('drops messages from a frame that is not the app page', async () => {
    const { host, state } = countingHost();
    const { ipc, client } = connectOverIpc(host);
    ipc.frameUrl = 'https://evil.example/';
    const answer = Promise.race([
      client.call('app.info', {}),
      new Promise((resolve) => setTimeout(() => resolve('no answer'), 100)),
    ]);
    expect(await answer).toBe('no answer');
    expect(state.calls).toBe(0);
  });

  it('ends the live queries of a window that is destroyed', async () => {
    const { host, state } = countingHost();
    const { ipc, client } = connectOverIpc(host);
    const values: unknown[] = [];
    client.watch('app.clock', {}, (result) => values.push(result));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.activeWatches).toBe(1);
    ipc.destroy();
    expect(state.activeWatches).toBe(0);
  });

  it('recognises only the app page as a trusted sender', () => {
    expect(isAppUrl(APP_URL, APP_URL)).toBe(true);
    expect(isAppUrl(`${APP_URL}#/programmes`, APP_URL)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', APP_URL)).toBe(false);
    expect(isAppUrl('file:///app/out/renderer/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('app://other/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('https://evil.example/', APP_URL)).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
  });
});
