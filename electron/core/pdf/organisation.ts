import { join } from 'node:path';
import { hexOfRef, sniffMimeType } from '../../../shared/domain/files';
import { ORGANISATION_SETTINGS_ID, logoBytesProblem } from '../../../shared/domain/organisation';
import type { AppDatabase } from '../database/app-database';
import { sha256Hex } from '../files/file-transfer';
import type { Logger } from '../platform/logger';
import { pdfLogo, pdfLogoOfBytes } from './logo';
import type { PdfLogo } from './logo';

/**
 * Who PDFs are from: the name and logo printed on certificates. The name is the product's for now;
 * the logo is the one an admin set in the organisation's settings (shared/domain/organisation),
 * else the product's icon from the app's resources folder.
 */
export const ORGANISATION_NAME = 'MMM Mentor Manager';

export const organisationLogoPath = (resourcesDir: string): string =>
  join(resourcesDir, 'icon.png');

export interface LogoSources {
  readonly database: AppDatabase;
  /** This machine's copy of a file (the file store), or undefined when it is not here. */
  readonly localFile: (ref: string) => Promise<{ readonly bytes: Buffer } | undefined>;
  readonly resourcesDir: string;
  readonly logger: Logger;
}

/** The organisation's logo as this machine has it, or why it cannot be used (null: none set). */
const setLogo = async (sources: LogoSources): Promise<PdfLogo | string | null> => {
  const settings = await sources.database.referenceLists.findOne(ORGANISATION_SETTINGS_ID).exec();
  const ref = settings?.logo?.ref;
  if (ref === undefined) return null;
  const file = await sources.localFile(ref);
  if (!file) return `${ref} is not on this machine yet`;
  // The file store does not check what it reads: a file changed on disk is not the logo.
  if (sha256Hex(file.bytes) !== hexOfRef(ref)) return `${ref} on this machine is not its bytes`;
  const problem = logoBytesProblem(file.bytes, sniffMimeType(file.bytes) ?? '');
  if (problem !== null) return `${ref}: ${problem}`;
  try {
    return await pdfLogoOfBytes(ref, file.bytes);
  } catch (error) {
    return `${ref} does not decode (${error instanceof Error ? error.message : String(error)})`;
  }
};

const reported = new Set<string>();

/**
 * The logo to print: the organisation's when it is set and on this machine, else the app's icon
 * (not yet fetched, unreadable, corrupt): a certificate never fails for its logo.
 */
export const organisationLogo = async (sources: LogoSources): Promise<PdfLogo> => {
  const logo = await setLogo(sources).catch((error: unknown) =>
    error instanceof Error ? error.message : String(error),
  );
  // Once per reason: a batch of 500 certificates without the logo is one line in the log.
  if (typeof logo === 'string' && !reported.has(logo)) {
    reported.add(logo);
    sources.logger.warn(`pdf: the organisation's logo is not printed, the app's icon is: ${logo}`);
  }
  return logo !== null && typeof logo === 'object'
    ? logo
    : pdfLogo(organisationLogoPath(sources.resourcesDir));
};
