import { homedir } from 'node:os';
import { join } from 'node:path';

const APP_FOLDER = 'MMM Mentor Manager';

/**
 * Where browser mode keeps its data when not told otherwise: the same place Electron's
 * `app.getPath('userData')` would choose on each platform.
 */
export const defaultDataDir = (
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string => {
  if (env['MMM_DATA_DIR']) return env['MMM_DATA_DIR'];
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER);
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), APP_FOLDER);
};
