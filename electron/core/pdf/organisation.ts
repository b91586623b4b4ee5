import { join } from 'node:path';

/**
 * Who PDFs are from: the name and logo printed on reports and certificates. One organisation per
 * installation for now (the app has no organisation settings yet): the product's name and its
 * icon, from the app's resources folder.
 */
export const ORGANISATION_NAME = 'MMM Mentor Manager';

export const organisationLogoPath = (resourcesDir: string): string =>
  join(resourcesDir, 'icon.png');
