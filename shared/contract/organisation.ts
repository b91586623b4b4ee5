import { z } from 'zod';
import { fileLimits } from '../domain/files';
import { command, liveQuery } from './define';
import type { StoredFile } from './overview';

/** The organisation's settings as the admins' screen shows them (shared/domain/organisation). */
export interface OrganisationSettingsView {
  /** The logo printed on certificates; null: the app's icon is. */
  readonly logo: StoredFile | null;
  /** When the settings last changed (null: never set). */
  readonly updatedAt: string | null;
}

/** Base64 grows a file by a third: the logo's limit, encoded, with room for padding. */
const LOGO_BASE64_MAX = Math.ceil((fileLimits.logo.maxBytes * 4) / 3) + 4;

export const setLogoInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'The file has no name.')
      .max(1_000, 'The file name is too long.'),
    mimeType: z.string().min(1, 'The file type is unknown.').max(127),
    dataBase64: z
      .string()
      .max(LOGO_BASE64_MAX, 'The logo is at most 1 MB.')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file data is not base64.'),
  })
  .strict();

export const organisationContract = {
  'organisation.setLogo': command<OrganisationSettingsView>()(
    setLogoInput,
    'An admin sets the organisation’s logo printed on certificates (a PNG or JPEG up to 1 MB).',
  ),
  'organisation.removeLogo': command<OrganisationSettingsView>()(
    z.object({}).strict(),
    'An admin takes the logo away: certificates print the app’s icon again.',
  ),
  'organisation.settings': liveQuery<OrganisationSettingsView>()(
    z.object({}).strict(),
    'The organisation’s settings (its certificate logo).',
  ),
} as const;
