import { reportTextFields, reportTextLimits } from '../../../../shared/domain/inputs/work';
import type { ReportTextField } from '../../../../shared/domain/inputs/work';

/** The text of a draft, as the editor holds it. */
export interface DraftText {
  readonly title: string;
  readonly achievements: string;
  readonly blockers: string;
  readonly recommendations: string;
}

export const emptyDraftText: DraftText = {
  title: '',
  achievements: '',
  blockers: '',
  recommendations: '',
};

export const draftFields: readonly ReportTextField[] = reportTextFields;

/** The fields whose text differs between two versions, with the first one's text. */
export const changedFields = (text: DraftText, stored: DraftText): Partial<DraftText> =>
  Object.fromEntries(draftFields.filter((f) => text[f] !== stored[f]).map((f) => [f, text[f]]));

/**
 * What the editor can save as the report, and what it cannot: a field over its limit keeps its
 * last saved text (nothing, for a new draft) in the report, and its typed text is held back on
 * this machine (reports.holdText) until the author shortens it. Nothing is cut.
 */
export const splitOverlong = (
  text: DraftText,
  stored: DraftText | null,
): { readonly saveable: DraftText; readonly over: Partial<DraftText> } => {
  const over: Partial<Record<ReportTextField, string>> = {};
  const saveable: Record<ReportTextField, string> = { ...text };
  for (const field of draftFields) {
    if (text[field].length > reportTextLimits[field]) {
      over[field] = text[field];
      saveable[field] = stored?.[field] ?? '';
    }
  }
  return { saveable, over };
};

/** The stored text with what is held back laid over it: what the author last typed. */
export const withHeld = (stored: DraftText, held: Partial<DraftText>): DraftText => ({
  ...stored,
  ...held,
});

const fieldLabels: Record<ReportTextField, string> = {
  title: 'The title',
  achievements: 'Achievements',
  blockers: 'Blockers',
  recommendations: 'Recommendations',
};

/** "Achievements and Blockers", for the sentence about held text. */
export const fieldList = (fields: readonly ReportTextField[]): string => {
  const names = fields.map((field, index) =>
    index === 0 ? fieldLabels[field] : fieldLabels[field].replace(/^The /, 'the '),
  );
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
};
