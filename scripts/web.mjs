// `npm run web -- [--port N] [--data DIR] [--host ADDR]`: browser mode, explicitly.
import { buildApp, serveBrowserMode } from './app-runner.mjs';

buildApp();
serveBrowserMode(process.argv.slice(2));
