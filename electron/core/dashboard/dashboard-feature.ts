import type { Feature } from '../host/registry';
import type { FeatureDeps } from '../workspace';

/** Not built yet: the contract's dashboard names answer "not available here" until it is. */
export const createDashboardFeatures = (_deps: FeatureDeps): Feature[] => [];
