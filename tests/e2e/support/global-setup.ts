import { startSyncServer, stopSyncServer } from './sync-server';

export default async function globalSetup(): Promise<() => Promise<void>> {
  await stopSyncServer();
  await startSyncServer();
  return stopSyncServer;
}
