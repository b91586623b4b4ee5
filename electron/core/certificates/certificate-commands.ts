import { HostFailure } from '../../../shared/contract';
import type { CommandName, ExportedFile } from '../../../shared/contract';
import {
  certificateDecidedDrafts,
  encodeBits,
  newCertificateCode,
  transition,
} from '../../../shared/domain';
import { MAX_BATCH } from '../../../shared/domain/inputs/certificates';
import type { CertificatePageSize } from '../../../shared/domain/inputs/certificates';
import { NONE } from '../../../shared/schema';
import type { CertificateDoc } from '../../../shared/schema';
import type { CommandHandler } from '../host/registry';
import {
  displayName,
  ensureCan,
  ensureNotArchived,
  findDoc,
  getDoc,
  insertDoc,
  loadProgrammeTeam,
  queryDocs,
  requireWorkspace,
  unwrap,
  updateDoc,
} from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';
import { loadPrintable } from './certificate-access';
import { certificatesFolder, factsOf, renderCertificateFile } from './certificate-files';
import type { CertificatePdfDeps } from './certificate-files';
import type { Batches } from './batches';
import { signingKeyFor } from './signing-keys';
import { signCertificate } from './signing';
import { verifyRequest } from './verification';
import { notify } from '../notifications/notify';
import { join } from 'node:path';

type CertificateCommands = {
  readonly [N in CommandName & `certificates.${string}`]: CommandHandler<N>;
};

/** A certificate in force or on its way: a mentor gets no second one while one is. */
const LIVE: readonly CertificateDoc['status'][] = ['pending_approval', 'approved'];

/** `2025-06-30` plus whole years; 29 February becomes 28 February in a common year. */
export const addYears = (day: string, years: number): string => {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  const target = new Date(Date.UTC(year + years, month - 1, date));
  if (target.getUTCMonth() !== month - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
};

/** A fresh code no certificate on this machine has (40 random bits: a clash is a formality). */
const freshCode = async (deps: FeatureDeps, workspace: Workspace): Promise<string> => {
  for (;;) {
    const code = newCertificateCode(deps.random);
    const taken = await queryDocs(workspace, 'certificates', {
      selector: { certificateCode: code },
      limit: 1,
    });
    if (taken.length === 0) return code;
  }
};

/** An issued certificate the caller may print, rendered among the exports. */
/** The certificate's holder hears of its approval or revocation. */
const notifyHolder = async (
  deps: FeatureDeps,
  workspace: Workspace,
  certificate: CertificateDoc,
  decision: 'approved' | 'revoked',
  reason?: string,
): Promise<void> => {
  const programme = await findDoc(workspace, 'programmes', certificate.programmeId);
  const named = { name: programme?.name ?? certificate.programmeName ?? 'your programme' };
  await notify(
    workspace,
    deps.logger,
    certificateDecidedDrafts(certificate, decision, named, workspace.actor.id, reason),
  );
};

const exportCertificate = async (
  deps: FeatureDeps & CertificatePdfDeps,
  certificateId: string,
  pageSize: CertificatePageSize,
): Promise<ExportedFile> => {
  const workspace = requireWorkspace(deps);
  const certificate = await loadPrintable(workspace, certificateId);
  const file = await renderCertificateFile(
    deps,
    workspace,
    certificate,
    pageSize,
    certificatesFolder(deps.dataDir),
  );
  return {
    path: file.path,
    fileName: file.fileName,
    mimeType: 'application/pdf',
    dataBase64: file.bytes.toString('base64'),
  };
};

export const createCertificateCommands = (
  deps: FeatureDeps & CertificatePdfDeps,
  batches: Batches,
): CertificateCommands => ({
  'certificates.generate': async ({ programmeId, userIds, validForYears, pageSize }) => {
    const workspace = requireWorkspace(deps);
    const team = await loadProgrammeTeam(workspace, programmeId);
    ensureCan(workspace, 'certificates.generate', team.managerIds);
    ensureNotArchived(team.programme);
    const mentors = (
      await queryDocs(workspace, 'programmeMembers', { selector: { programmeId, role: 'mentor' } })
    ).map((member) => member.userId);
    const outsiders = (userIds ?? []).filter((id) => !mentors.includes(id));
    if (outsiders.length > 0) {
      throw new HostFailure(
        'invalid_input',
        `Certificates are for the programme’s mentors; ${outsiders.join(', ')} is not one.`,
      );
    }
    const existing = await queryDocs(workspace, 'certificates', { selector: { programmeId } });
    const holding = new Set(
      existing.filter((doc) => LIVE.includes(doc.status)).map((doc) => doc.userId),
    );
    const targets = [...new Set(userIds ?? mentors)].filter((id) => !holding.has(id));
    if (targets.length === 0) {
      throw new HostFailure(
        'conflict',
        userIds?.length === 1
          ? 'This mentor has a certificate for the programme already.'
          : 'Every mentor chosen has a certificate for the programme already.',
      );
    }
    if (targets.length > MAX_BATCH) {
      throw new HostFailure(
        'invalid_input',
        `At most ${MAX_BATCH} certificates are generated at once.`,
      );
    }
    const waiting = new Map(
      existing.filter((doc) => doc.status === 'pending_generation').map((doc) => [doc.userId, doc]),
    );
    const people = new Map(
      (await queryDocs(workspace, 'users', { selector: { id: { $in: targets } } })).map((user) => [
        user.id,
        displayName(user),
      ]),
    );
    const today = workspace.now().slice(0, 10);
    // One series per generation run: the certificates made together share it.
    const seriesId = `S${today.replaceAll('-', '')}-${encodeBits(deps.random(3), 20)}`;
    const folder = join(certificatesFolder(deps.dataDir), seriesId);
    const batchId = batches.start({
      kind: 'generate',
      programmeId,
      folder,
      items: targets,
      work: async (userId) => {
        const now = workspace.now();
        const moveContext = {
          by: workspace.actor.id,
          at: now,
          certificateCode: await freshCode(deps, workspace),
          printed: { holderName: people.get(userId) ?? userId, programmeName: team.programme.name },
        };
        const dates = {
          seriesId,
          issueDate: today,
          ...(validForYears === null ? {} : { expirationDate: addYears(today, validForYears) }),
        };
        const sentBack = waiting.get(userId);
        const doc = sentBack
          ? await updateDoc(
              workspace,
              'certificates',
              sentBack.id,
              (current) => {
                const { expirationDate: _old, ...rest } = current;
                return unwrap(
                  transition('certificate', { ...rest, ...dates }, 'pending_approval', moveContext),
                );
              },
              'certificate',
            )
          : await insertDoc(
              workspace,
              'certificates',
              unwrap(
                transition(
                  'certificate',
                  {
                    id: workspace.newId(),
                    userId,
                    programmeId,
                    ...dates,
                    dateCreated: now,
                    createdBy: workspace.actor.id,
                    certificateCode: NONE,
                    status: 'pending_generation',
                    createdAt: now,
                    updatedAt: now,
                  },
                  'pending_approval',
                  moveContext,
                ),
              ),
            );
        // The proof: what the admin is asked to approve, as it will print.
        const proof = await renderCertificateFile(deps, workspace, doc, pageSize, folder);
        return { certificateId: doc.id, fileName: proof.fileName };
      },
    });
    return { batchId };
  },

  'certificates.approve': async ({ certificateId }) => {
    const workspace = requireWorkspace(deps);
    ensureCan(workspace, 'certificates.approve');
    const certificate = await getDoc(workspace, 'certificates', certificateId, 'certificate');
    if (certificate.status !== 'pending_approval') {
      throw new HostFailure('conflict', 'Only a certificate waiting for approval can be approved.');
    }
    if (certificate.generatedBy === workspace.actor.id) {
      throw new HostFailure(
        'forbidden',
        'You generated this certificate: another admin approves it.',
      );
    }
    const key = await signingKeyFor(deps, workspace);
    const approved = await updateDoc(
      workspace,
      'certificates',
      certificateId,
      (current) => {
        const facts = factsOf(current);
        if (!facts) throw new HostFailure('conflict', 'This certificate has not been generated.');
        const { signature } = signCertificate(facts, key);
        return unwrap(
          transition('certificate', current, 'approved', {
            by: workspace.actor.id,
            at: workspace.now(),
            signature: { keyId: key.id, value: signature },
          }),
        );
      },
      'certificate',
    );
    await notifyHolder(deps, workspace, approved, 'approved');
    return approved;
  },

  'certificates.revoke': async ({ certificateId, reason }) => {
    const workspace = requireWorkspace(deps);
    ensureCan(workspace, 'certificates.revoke');
    const revoked = await updateDoc(
      workspace,
      'certificates',
      certificateId,
      (current) =>
        unwrap(
          transition('certificate', current, 'revoked', {
            by: workspace.actor.id,
            at: workspace.now(),
            reason,
          }),
        ),
      'certificate',
    );
    await notifyHolder(deps, workspace, revoked, 'revoked', reason);
    return revoked;
  },

  'certificates.print': async ({ certificateId, pageSize }) => {
    const exported = await exportCertificate(deps, certificateId, pageSize);
    if (!deps.printer) return { file: exported, printedWith: 'viewer' };
    await deps.printer.print(exported.path);
    return { file: exported, printedWith: 'dialog' };
  },

  'certificates.savePdf': ({ certificateId, pageSize }) =>
    exportCertificate(deps, certificateId, pageSize),

  'certificates.renderProgramme': async ({ programmeId, pageSize }) => {
    const workspace = requireWorkspace(deps);
    const team = await loadProgrammeTeam(workspace, programmeId);
    ensureCan(workspace, 'certificates.generate', team.managerIds);
    const issued = await queryDocs(workspace, 'certificates', {
      selector: { programmeId, status: 'approved' },
    });
    if (issued.length === 0) {
      throw new HostFailure('conflict', 'No certificate of this programme is approved yet.');
    }
    const day = workspace.now().slice(0, 10);
    const folder = join(certificatesFolder(deps.dataDir), `${programmeId}-${day}`);
    return {
      batchId: batches.start({
        kind: 'render',
        programmeId,
        folder,
        items: issued.slice(0, MAX_BATCH),
        work: async (certificate) => {
          const file = await renderCertificateFile(deps, workspace, certificate, pageSize, folder);
          return { certificateId: certificate.id, fileName: file.fileName };
        },
      }),
    };
  },

  'certificates.cancelBatch': ({ batchId }) => {
    requireWorkspace(deps);
    return batches.cancel(batchId);
  },

  'certificates.verify': async (input) => {
    const workspace = requireWorkspace(deps);
    return verifyRequest(workspace, input);
  },
});
