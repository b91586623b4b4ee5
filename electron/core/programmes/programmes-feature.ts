import type { Feature } from '../host/registry';
import type { FeatureDeps } from '../workspace';

/** Not built yet: the contract's programmes names answer "not available here" until it is. */
export const createProgrammesFeatures = (_deps: FeatureDeps): Feature[] => [];
