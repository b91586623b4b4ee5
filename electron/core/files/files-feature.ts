import type { Feature } from '../host/registry';
import type { FeatureDeps } from '../workspace';

/** Not built yet: the contract's files names answer "not available here" until it is. */
export const createFilesFeatures = (_deps: FeatureDeps): Feature[] => [];
