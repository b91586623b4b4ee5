import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostFailure } from '../../../shared/contract';
import type { ExportedFile } from '../../../shared/contract';
import { numberedFileName, reportFileName } from '../../../shared/domain/reports';
import type { ReportDoc } from '../../../shared/schema';
import { ORGANISATION_NAME } from '../pdf/organisation';
import { fontsDirOf } from '../pdf/pdf-fonts';
import { displayName, findDoc } from '../workspace';
import type { Workspace } from '../workspace';

/** Exports are rendered on this machine and saved in `<dataDir>/exports`. */

const MOST_COPIES = 999;

/**
 * Saves bytes under `fileName` in `folder` without ever overwriting a different file: a taken name
 * gets a number (`-2`, `-3`...), and the same bytes already saved are the same export, so that
 * file is answered again instead of a copy.
 */
export const saveWithoutOverwriting = async (
  folder: string,
  fileName: string,
  bytes: Buffer,
): Promise<{ path: string; fileName: string }> => {
  await mkdir(folder, { recursive: true });
  for (let n = 1; n <= MOST_COPIES; n += 1) {
    const name = numberedFileName(fileName, n);
    const path = join(folder, name);
    try {
      // `wx` fails when the file exists: no check-then-write race with another export.
      await writeFile(path, bytes, { flag: 'wx' });
      return { path, fileName: name };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = await readFile(path).catch(() => undefined);
      if (existing?.equals(bytes)) return { path, fileName: name };
    }
  }
  throw new HostFailure(
    'conflict',
    `There are ${MOST_COPIES} exports called “${fileName}” already: tidy up ${folder}.`,
  );
};

/** Renders a report the caller may read to PDF and saves it among the exports. */
export const exportReportPdf = async (
  workspace: Workspace,
  report: ReportDoc,
  folders: { readonly dataDir: string; readonly resourcesDir: string },
): Promise<ExportedFile> => {
  const [programme, task, author] = await Promise.all([
    findDoc(workspace, 'programmes', report.programmeId),
    report.type === 'task' ? findDoc(workspace, 'tasks', report.taskId) : undefined,
    findDoc(workspace, 'users', report.createdBy),
  ]);
  // Loaded on the first export: @react-pdf/renderer is heavy and most sessions never export.
  const { renderReportPdf } = await import('./pdf/report-pdf');
  const bytes = await renderReportPdf(fontsDirOf(folders.resourcesDir), {
    report,
    programmeName: programme?.name ?? 'Unknown programme',
    taskTitle: task?.title ?? null,
    authorName: author ? displayName(author) : report.createdBy,
    organisation: ORGANISATION_NAME,
  });
  const saved = await saveWithoutOverwriting(
    join(folders.dataDir, 'exports'),
    reportFileName(report),
    bytes,
  );
  return { ...saved, mimeType: 'application/pdf', dataBase64: bytes.toString('base64') };
};
