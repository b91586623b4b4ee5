import { z } from 'zod';
import { fileLimits } from '../domain/files';
import { command, liveQuery } from './define';
import { uploadFileInput } from './overview';
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

/** As `files.upload` takes a file, within the logo's limit. */
export const setLogoInput = uploadFileInput
  .pick({ name: true, mimeType: true })
  .extend({
    dataBase64: uploadFileInput.shape.dataBase64.max(LOGO_BASE64_MAX, 'The logo is at most 1 MB.'),
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
