// The preload exposes the typed host client and nothing else: no ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import { createHostClient } from '../../shared/contract';
import { createIpcPort } from './ipc-port';

contextBridge.exposeInMainWorld('mmmHost', createHostClient(createIpcPort(ipcRenderer)));
