import type { Feature } from '../host/registry';
import type { FeatureDeps } from '../workspace';

/** Not built yet: the contract's tasks names answer "not available here" until it is. */
export const createTasksFeatures = (_deps: FeatureDeps): Feature[] => [];
