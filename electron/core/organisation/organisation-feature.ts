import { map } from 'rxjs';
import { HostFailure } from '../../../shared/contract';
import type { OrganisationSettingsView } from '../../../shared/contract';
import {
  ORGANISATION_SETTINGS_ID,
  ORGANISATION_SETTINGS_NAME,
} from '../../../shared/domain/organisation';
import type { ReferenceListDoc } from '../../../shared/schema';
import type { Files } from '../files/files-feature';
import type { Feature } from '../host/registry';
import {
  ensureCan,
  findDoc,
  insertDoc,
  requireWorkspace,
  updateDoc,
  watchDoc,
  watchWorkspace,
} from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';

const viewOf = (doc: ReferenceListDoc | undefined): OrganisationSettingsView => ({
  logo: doc?.logo ?? null,
  updatedAt: doc?.updatedAt ?? null,
});

/**
 * Changes the organisation's settings document, making it the first time (one document, one id:
 * shared/domain/organisation). Made by two admins at once, the second write becomes an edit.
 */
const changeSettings = async (
  workspace: Workspace,
  change: (current: ReferenceListDoc) => ReferenceListDoc,
): Promise<ReferenceListDoc> => {
  const edit = () =>
    updateDoc(
      workspace,
      'referenceLists',
      ORGANISATION_SETTINGS_ID,
      (current) => ({ ...change(current), updatedAt: workspace.now() }),
      'organisation settings',
    );
  if (await findDoc(workspace, 'referenceLists', ORGANISATION_SETTINGS_ID)) return edit();
  const now = workspace.now();
  try {
    return await insertDoc(
      workspace,
      'referenceLists',
      change({
        id: ORGANISATION_SETTINGS_ID,
        list: 'organisation',
        name: ORGANISATION_SETTINGS_NAME,
        createdBy: workspace.actor.id,
        createdAt: now,
        updatedAt: now,
      }),
    );
  } catch (error) {
    if (error instanceof HostFailure && error.code === 'conflict') return edit();
    throw error;
  }
};

/**
 * The organisation's settings (issue 17): the logo printed on certificates, set by admins. The
 * logo is an upload like any other (kept here, queued for the organisation's database, fetched
 * ahead on every machine: docs/FILES.md); certificates read it from the file store
 * (pdf/organisation.ts).
 */
export const createOrganisationFeatures = (
  deps: FeatureDeps,
  files: Pick<Files, 'keepUpload'>,
): Feature[] => [
  {
    name: 'organisation',
    commands: {
      'organisation.setLogo': async ({ name, mimeType, dataBase64 }) => {
        const workspace = requireWorkspace(deps);
        ensureCan(workspace, 'organisation.settings');
        const stored = await files.keepUpload(workspace, {
          purpose: 'logo',
          name,
          mimeType,
          bytes: Buffer.from(dataBase64, 'base64'),
        });
        const logo = {
          name: stored.name,
          mimeType: stored.mimeType,
          size: stored.size,
          ref: stored.ref,
        };
        return viewOf(await changeSettings(workspace, (current) => ({ ...current, logo })));
      },
      'organisation.removeLogo': async () => {
        const workspace = requireWorkspace(deps);
        ensureCan(workspace, 'organisation.settings');
        const current = await findDoc(workspace, 'referenceLists', ORGANISATION_SETTINGS_ID);
        if (!current?.logo) return viewOf(current);
        return viewOf(await changeSettings(workspace, ({ logo: _logo, ...rest }) => rest));
      },
    },
    liveQueries: {
      'organisation.settings': () =>
        watchWorkspace(
          deps,
          (workspace) =>
            watchDoc(workspace, 'referenceLists', ORGANISATION_SETTINGS_ID).pipe(map(viewOf)),
          viewOf(undefined),
        ),
    },
  },
];
