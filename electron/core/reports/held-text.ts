import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { reportTextFields, reportTextLimits } from '../../../shared/domain/inputs/work';
import type { ReportTextField } from '../../../shared/domain/inputs/work';
import type { AppDatabase } from '../database/app-database';

/**
 * Draft text over its limit (a 100 KB paste into Achievements), held back from the report and
 * kept on this machine until its author shortens it: one RxDB local document per draft. Local
 * documents never replicate, so the text stays private and the report that syncs stays valid; and
 * they are not collections, of which RxDB's open-source build allows only the 13 the app uses.
 */
export type HeldText = Readonly<Partial<Record<ReportTextField, string>>>;

const localId = (reportId: string) => `report-held-text:${reportId}`;

/** Only what this module wrote, read back defensively: a field is kept if it is a string. */
const heldOf = (data: unknown): HeldText => {
  if (typeof data !== 'object' || data === null) return {};
  const record = data as Record<string, unknown>;
  return Object.fromEntries(
    reportTextFields.flatMap((field) => {
      const text = record[field];
      return typeof text === 'string' ? [[field, text]] : [];
    }),
  );
};

export const readHeldText = async (database: AppDatabase, reportId: string): Promise<HeldText> => {
  const doc = await database.getLocal(localId(reportId));
  return heldOf(doc?.toJSON().data);
};

export const watchHeldText = (database: AppDatabase, reportId: string): Observable<HeldText> =>
  database.getLocal$(localId(reportId)).pipe(map((doc) => heldOf(doc?.toJSON().data)));

/** Keeps `text` for the field, or lets it go (null); the document goes when nothing is held. */
export const holdText = async (
  database: AppDatabase,
  reportId: string,
  field: ReportTextField,
  text: string | null,
): Promise<void> => {
  const current = await readHeldText(database, reportId);
  const { [field]: _previous, ...others } = current;
  const next: HeldText = text === null ? others : { ...others, [field]: text };
  if (Object.keys(next).length > 0) {
    await database.upsertLocal(localId(reportId), next);
    return;
  }
  await (await database.getLocal(localId(reportId)))?.remove();
};

/** Lets go of whatever the fields in `fields` held (they were saved within their limits). */
export const releaseHeldText = async (
  database: AppDatabase,
  reportId: string,
  fields: readonly string[],
): Promise<void> => {
  const current = await readHeldText(database, reportId);
  for (const field of reportTextFields) {
    if (fields.includes(field) && current[field] !== undefined) {
      await holdText(database, reportId, field, null);
    }
  }
};

export const clearHeldText = async (database: AppDatabase, reportId: string): Promise<void> => {
  await (await database.getLocal(localId(reportId)))?.remove();
};

/** Why a draft with held text cannot be submitted yet, or null. */
export const heldTextRefusal = (held: HeldText): string | null => {
  const field = reportTextFields.find((name) => held[name] !== undefined);
  if (field === undefined) return null;
  const label = field === 'title' ? 'The title' : field.charAt(0).toUpperCase() + field.slice(1);
  const length = (held[field] ?? '').length.toLocaleString('en');
  return `${label} is longer than a report allows (${length} of ${reportTextLimits[field].toLocaleString('en')} characters) and is kept on this machine only: shorten it, then submit.`;
};
