// `npm run web -- [--port N] [--data DIR] [--host ADDR] [--no-server] [--server-port N]`:
// browser mode explicitly, with the embedded sync server and its demo organisation.
import { buildApp, serveBrowserMode, serverOptions, startEmbeddedServer } from './app-runner.mjs';

const { embedded, port, rest } = serverOptions(process.argv.slice(2));
buildApp();
const serverUrl = embedded ? await startEmbeddedServer(port) : undefined;
serveBrowserMode(rest, serverUrl);
