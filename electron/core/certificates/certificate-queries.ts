import { combineLatest, map, of } from 'rxjs';
import type { Observable } from 'rxjs';
import type { CertificateRow, ProgrammeCertificates } from '../../../shared/contract';
import type { CertificateDoc } from '../../../shared/schema';
import {
  allows,
  compareNames,
  watchDocs,
  watchPeopleNames,
  watchProgrammeTeam,
  watchProgrammeTeams,
} from '../workspace';
import type { PeopleNames, ProgrammeTeam, Workspace } from '../workspace';
import { certificatePermissions } from './certificate-access';

const rowOf = (
  workspace: Workspace,
  certificate: CertificateDoc,
  names: PeopleNames,
  team: ProgrammeTeam | undefined,
): CertificateRow => ({
  certificate,
  holder: {
    id: certificate.userId,
    name: certificate.holderName ?? names.get(certificate.userId) ?? certificate.userId,
  },
  programmeName:
    certificate.programmeName ?? team?.programme.name ?? 'A programme not on this machine',
  generatedByName: certificate.generatedBy
    ? (names.get(certificate.generatedBy) ?? certificate.generatedBy)
    : null,
  approvedByName: certificate.approvedBy
    ? (names.get(certificate.approvedBy) ?? certificate.approvedBy)
    : null,
  can: certificatePermissions(workspace, certificate, team?.managerIds ?? []),
});

/** The newest certificate of each person that is not revoked (or the newest revoked one). */
const currentOf = (certificates: readonly CertificateDoc[]): Map<string, CertificateDoc> => {
  const current = new Map<string, CertificateDoc>();
  const newestFirst = [...certificates].sort((a, b) => b.dateCreated.localeCompare(a.dateCreated));
  for (const certificate of newestFirst) {
    const held = current.get(certificate.userId);
    if (!held || (held.status === 'revoked' && certificate.status !== 'revoked')) {
      current.set(certificate.userId, certificate);
    }
  }
  return current;
};

/** A programme's mentors and their certificates, for its managers and admins; null for others. */
export const watchProgrammeCertificates = (
  workspace: Workspace,
  programmeId: string,
): Observable<ProgrammeCertificates | null> =>
  combineLatest([
    watchProgrammeTeam(workspace, programmeId),
    watchDocs(workspace, 'programmeMembers', { selector: { programmeId, role: 'mentor' } }),
    watchDocs(workspace, 'certificates', { selector: { programmeId } }),
    watchPeopleNames(workspace),
  ]).pipe(
    map(([team, mentors, certificates, names]) => {
      if (!team || !allows(workspace, 'certificates.generate', team.managerIds)) return null;
      const current = currentOf(certificates);
      return {
        programme: {
          id: team.programme.id,
          name: team.programme.name,
          status: team.programme.status,
        },
        mentors: mentors
          .map((member) => {
            const certificate = current.get(member.userId);
            return {
              id: member.userId,
              name: names.get(member.userId) ?? member.userId,
              certificate: certificate ? rowOf(workspace, certificate, names, team) : null,
            };
          })
          .sort((a, b) => compareNames(a.name, b.name)),
        canGenerate: team.programme.status !== 'archived',
      };
    }),
  );

/** Certificates waiting for an admin, oldest first; none for anyone else. */
export const watchAwaitingApproval = (
  workspace: Workspace,
): Observable<readonly CertificateRow[]> =>
  allows(workspace, 'certificates.approve')
    ? combineLatest([
        watchDocs(workspace, 'certificates', { selector: { status: 'pending_approval' } }),
        watchPeopleNames(workspace),
        watchProgrammeTeams(workspace),
      ]).pipe(
        map(([certificates, names, teams]) =>
          [...certificates]
            .sort((a, b) =>
              (a.generatedAt ?? a.dateCreated).localeCompare(b.generatedAt ?? b.dateCreated),
            )
            .map((certificate) =>
              rowOf(workspace, certificate, names, teams.get(certificate.programmeId)),
            ),
        ),
      )
    : of([]);

/** The caller's issued and revoked certificates, newest first. */
export const watchMyCertificates = (workspace: Workspace): Observable<readonly CertificateRow[]> =>
  combineLatest([
    watchDocs(workspace, 'certificates', { selector: { userId: workspace.actor.id } }),
    watchPeopleNames(workspace),
    watchProgrammeTeams(workspace),
  ]).pipe(
    map(([certificates, names, teams]) =>
      certificates
        .filter(
          (certificate) => certificate.status === 'approved' || certificate.status === 'revoked',
        )
        .sort((a, b) => (b.approvedAt ?? '').localeCompare(a.approvedAt ?? ''))
        .map((certificate) =>
          rowOf(workspace, certificate, names, teams.get(certificate.programmeId)),
        ),
    ),
  );
