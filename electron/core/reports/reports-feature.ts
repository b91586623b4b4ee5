import type { Feature } from '../host/registry';
import type { FeatureDeps } from '../workspace';

/** Not built yet: the contract's reports names answer "not available here" until it is. */
export const createReportsFeatures = (_deps: FeatureDeps): Feature[] => [];
