import { newId } from '../../../shared/domain';
import type { Files } from '../files/files-feature';
import type { Feature } from '../host/registry';
import { watchWorkspace } from '../workspace';
import type { FeatureDeps } from '../workspace';
import { createBatches } from './batches';
import { createCertificateCommands } from './certificate-commands';
import {
  watchAwaitingApproval,
  watchMyCertificates,
  watchProgrammeCertificates,
} from './certificate-queries';

/**
 * Certificates (DESIGN §2, §5): a programme's managers generate them (rendered, coded, sent up), an
 * admin who did not generate one approves it by signing its facts (Ed25519), mentors print theirs
 * on their machine, and anyone verifies one with no network. Where certificates are stored is
 * shared/sync/database-names (one organisation-wide database: revocations reach every verifier).
 */
export const createCertificatesFeatures = (
  deps: FeatureDeps,
  files: Pick<Files, 'localFile'>,
): Feature[] => {
  const batches = createBatches({
    newId: () => newId(deps.random, deps.clock.now().getTime()),
    logger: deps.logger,
  });
  return [
    {
      name: 'certificates',
      commands: createCertificateCommands({ ...deps, localFile: files.localFile }, batches),
      liveQueries: {
        'certificates.ofProgramme': ({ programmeId }) =>
          watchWorkspace(
            deps,
            (workspace) => watchProgrammeCertificates(workspace, programmeId),
            null,
          ),
        'certificates.awaitingApproval': () =>
          watchWorkspace(deps, (workspace) => watchAwaitingApproval(workspace), []),
        'certificates.mine': () =>
          watchWorkspace(deps, (workspace) => watchMyCertificates(workspace), []),
        'certificates.batch': ({ batchId }) => batches.watch(batchId),
      },
    },
  ];
};
