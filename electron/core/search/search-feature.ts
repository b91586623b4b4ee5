import type { Feature } from '../host/registry';
import type { FeatureDeps } from '../workspace';

/** Not built yet: the contract's search names answer "not available here" until it is. */
export const createSearchFeatures = (_deps: FeatureDeps): Feature[] => [];
