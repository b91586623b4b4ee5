import { HostFailure } from '../../../shared/contract';
import type { CertificatePermissions } from '../../../shared/contract';
import type { CertificateDoc } from '../../../shared/schema';
import { allows, getDoc, loadProgrammeTeam } from '../workspace';
import type { Workspace } from '../workspace';

/**
 * Who may do what with a certificate, beyond the matrix's own cells: its programme's managers
 * (who generate certificates) may also print them for handing out, and nobody prints one that is
 * not issued.
 */
export const certificatePermissions = (
  workspace: Workspace,
  certificate: CertificateDoc,
  managerIds: readonly string[],
): CertificatePermissions => {
  const issued = certificate.status === 'approved';
  return {
    approve:
      certificate.status === 'pending_approval' &&
      certificate.generatedBy !== workspace.actor.id &&
      allows(workspace, 'certificates.approve'),
    revoke: issued && allows(workspace, 'certificates.revoke'),
    print:
      issued &&
      (allows(workspace, 'certificates.print', [certificate.userId]) ||
        allows(workspace, 'certificates.generate', managerIds)),
  };
};

/** A certificate the caller may print, issued. */
export const loadPrintable = async (
  workspace: Workspace,
  certificateId: string,
): Promise<CertificateDoc> => {
  const certificate = await getDoc(workspace, 'certificates', certificateId, 'certificate');
  const team = await loadProgrammeTeam(workspace, certificate.programmeId);
  if (certificatePermissions(workspace, certificate, team.managerIds).print) return certificate;
  if (certificate.status === 'revoked') {
    throw new HostFailure('conflict', 'This certificate was revoked: it is not printed any more.');
  }
  if (certificate.status !== 'approved') {
    throw new HostFailure('conflict', 'This certificate is not approved yet.');
  }
  throw new HostFailure(
    'forbidden',
    'Only the certificate’s holder, its programme’s managers and admins print it.',
  );
};
