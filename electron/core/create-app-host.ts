import type { AppMode } from '../../shared/contract';
import { createAppFeature } from './app/app-feature';
import { createHost } from './host/host';
import type { Host } from './host/host';
import type { Clock } from './platform/clock';
import type { Logger } from './platform/logger';

/** Everything the core needs from its platform, passed in (DESIGN §3 rule 4). */
export interface AppHostDeps {
  readonly clock: Clock;
  readonly dataDir: string;
  readonly mode: AppMode;
  readonly version: string;
  readonly platform: string;
  readonly logger: Logger;
}

/** The composition root of the core: every feature, wired to the platform it was given. */
export const createAppHost = (deps: AppHostDeps): Host =>
  createHost([createAppFeature(deps)], deps.logger);
