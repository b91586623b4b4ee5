import { join } from 'node:path';

/** The repository's resources folder (fonts, icon), as the core gets it outside a package. */
export const REPO_RESOURCES = join(__dirname, '..', '..', 'resources');
