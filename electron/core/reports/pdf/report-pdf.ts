import type * as ReactPdf from '@react-pdf/renderer';
import type { DocumentProps, Styles } from '@react-pdf/renderer';
import { createElement as h } from 'react';
import type { ReactElement, ReactNode } from 'react';
import type { ReportDoc } from '../../../../shared/schema';
import { TEXT_FAMILIES, loadPdfRenderer } from '../../pdf/pdf-fonts';

/**
 * A report as a printable A4 document, rendered in the core with @react-pdf/renderer (DESIGN §3:
 * PDF rendering happens on the machine, offline). Elements are built with `createElement`: the
 * core's tsconfig and lint cover `.ts` files only, and this is the one folder of the core allowed to
 * import React (eslint/boundaries.mjs).
 */

export interface ReportForPdf {
  readonly report: ReportDoc;
  readonly programmeName: string;
  readonly taskTitle: string | null;
  readonly authorName: string;
  /** Who runs the app, for the header. */
  readonly organisation: string;
}

const ink = '#1f2330';
const muted = '#5f6677';
const faint = '#9aa1b1';
const rule = '#d9dde6';
const accent = '#3b5bdb';
const draftColour = '#d9480f';

const styles = {
  page: {
    paddingTop: 72,
    paddingBottom: 64,
    paddingHorizontal: 56,
    fontFamily: TEXT_FAMILIES,
    fontSize: 10.5,
    // No lineHeight here: inherited by the footer, it hides the page number (react-pdf 4.9 lays
    // out a bottom-positioned `render` text with it to nothing). Body text sets its own.
    color: ink,
  },
  runningHeader: {
    position: 'absolute',
    top: 30,
    left: 56,
    right: 56,
    flexDirection: 'row',
    justifyContent: 'space-between',
    paddingBottom: 6,
    borderBottomWidth: 1,
    borderBottomColor: accent,
    fontSize: 8.5,
    color: muted,
  },
  organisation: { fontWeight: 700, color: accent },
  footer: {
    position: 'absolute',
    bottom: 28,
    left: 56,
    right: 56,
    flexDirection: 'row',
    justifyContent: 'space-between',
    paddingTop: 6,
    borderTopWidth: 0.5,
    borderTopColor: rule,
    fontSize: 8,
    color: faint,
  },
  footerTitle: { maxWidth: '75%' },
  watermark: {
    position: 'absolute',
    top: 330,
    left: 0,
    right: 0,
    textAlign: 'center',
    fontWeight: 700,
    fontSize: 120,
    color: draftColour,
    opacity: 0.07,
    transform: 'rotate(-35deg)',
  },
  kind: {
    fontSize: 9,
    fontWeight: 700,
    color: accent,
    marginBottom: 6,
  },
  title: { fontWeight: 700, fontSize: 22, lineHeight: 1.2, marginBottom: 10 },
  draftNotice: {
    flexDirection: 'row',
    marginBottom: 14,
  },
  draftNoticeText: {
    paddingTop: 4,
    paddingBottom: 2,
    paddingHorizontal: 8,
    borderWidth: 1,
    borderColor: draftColour,
    borderRadius: 3,
    color: draftColour,
    fontWeight: 700,
    fontSize: 8.5,
    lineHeight: 1.2,
  },
  meta: {
    flexDirection: 'row',
    flexWrap: 'wrap',
    paddingVertical: 10,
    paddingHorizontal: 12,
    marginBottom: 22,
    backgroundColor: '#f4f6fa',
    borderRadius: 4,
  },
  metaItem: { width: '50%', paddingVertical: 4, paddingRight: 12 },
  metaLabel: {
    fontSize: 7.5,
    lineHeight: 1.4,
    color: muted,
    fontWeight: 700,
    marginBottom: 1,
  },
  metaValue: { fontSize: 10, lineHeight: 1.35 },
  section: { marginBottom: 18 },
  sectionHeading: {
    fontWeight: 700,
    fontSize: 13,
    color: accent,
    paddingBottom: 4,
    marginBottom: 8,
    borderBottomWidth: 0.75,
    borderBottomColor: rule,
  },
  // A line height is resolved against the text's own font size (18 when inherited): say both.
  paragraph: { marginBottom: 7, fontSize: 10.5, lineHeight: 1.45 },
  // No italic font is shipped: "nothing recorded" is told apart by its colour.
  empty: { color: faint },
} satisfies Styles;

type Renderer = typeof ReactPdf;

/**
 * Text prints as typed: the app's fonts (pdf/pdf-fonts.ts) cover Latin, Greek, Cyrillic, Arabic,
 * Hebrew, CJK and emoji. Only a tab is widened, since PDF text has no tab stops.
 */
const printable = (text: string): string => text.replaceAll('\t', '    ');

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });
const formatDateTime = (iso: string | undefined): string =>
  iso ? dateTime.format(new Date(iso)) : '—';

/**
 * Words are not hyphenated (a report is not a novel, and a hyphen inside a link misleads); only a
 * word too long for a line (a long link) is broken, into pieces that fit.
 */
const LONG_WORD = 40;
const keepWords = (word: string): string[] =>
  word.length <= LONG_WORD ? [word] : (word.match(/.{1,30}/gu) ?? [word]);

/** Paragraphs are separated by blank lines; single line breaks stay as typed. */
const paragraphsOf = (text: string): string[] =>
  text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^\n+|\s+$/g, ''))
    .filter((paragraph) => paragraph.trim() !== '')
    // A typed "- item" or "* item" reads as a bullet on paper.
    .map((paragraph) => paragraph.replace(/^[ \t]*[-*][ \t]+/gm, '•  '));

const section = ({ View, Text }: Renderer, heading: string, text: string): ReactElement => {
  const paragraphs = paragraphsOf(printable(text));
  return h(
    View,
    { style: styles.section },
    // Keeps a heading with the start of its text rather than alone at a page's foot.
    h(Text, { style: styles.sectionHeading, minPresenceAhead: 40 }, heading),
    paragraphs.length === 0
      ? h(Text, { style: styles.empty }, 'Nothing recorded.')
      : paragraphs.map((paragraph, index) =>
          h(
            Text,
            {
              key: index,
              style: styles.paragraph,
              orphans: 2,
              widows: 2,
              hyphenationCallback: keepWords,
            },
            paragraph,
          ),
        ),
  );
};

const metaItem = ({ View, Text }: Renderer, label: string, value: string): ReactNode =>
  h(
    View,
    { key: label, style: styles.metaItem },
    h(Text, { style: styles.metaLabel }, label.toUpperCase()),
    h(Text, { style: styles.metaValue }, printable(value)),
  );

/** The document tree of one report. */
export const reportDocument = (pdf: Renderer, input: ReportForPdf): ReactElement => {
  const { Document, Page, Text, View } = pdf;
  const { report, programmeName, taskTitle, authorName, organisation } = input;
  const isDraft = report.state === 'draft';
  const kind = report.type === 'task' ? 'Task report' : 'Programme report';
  const title = printable(report.title);
  return h(
    Document,
    {
      title: report.title,
      author: authorName,
      subject: `${kind} — ${programmeName}`,
      creator: organisation,
      producer: organisation,
      language: 'en',
      // The report's own time, not the export's: an unchanged report exports to the same bytes.
      creationDate: new Date(report.updatedAt),
      modificationDate: new Date(report.updatedAt),
    },
    h(
      Page,
      { size: 'A4', style: styles.page },
      isDraft && h(Text, { fixed: true, style: styles.watermark }, 'DRAFT'),
      h(
        View,
        { fixed: true, style: styles.runningHeader },
        h(Text, { style: styles.organisation }, organisation.toUpperCase()),
        h(Text, null, kind.toUpperCase()),
      ),
      h(
        View,
        { fixed: true, style: styles.footer },
        h(Text, { style: styles.footerTitle }, `${title}${isDraft ? ' (draft)' : ''}`),
        h(Text, {
          render: ({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`,
        }),
      ),
      h(Text, { style: styles.kind }, `${kind.toUpperCase()} · ${printable(programmeName)}`),
      h(Text, { style: styles.title }, title),
      isDraft &&
        h(
          View,
          { style: styles.draftNotice },
          h(Text, { style: styles.draftNoticeText }, 'DRAFT — NOT SUBMITTED, MAY STILL CHANGE'),
        ),
      h(
        View,
        { style: styles.meta },
        metaItem(pdf, 'Programme', programmeName),
        metaItem(pdf, 'Created', formatDateTime(report.dateCreated)),
        report.type === 'task' ? metaItem(pdf, 'Task', taskTitle ?? 'Unknown task') : null,
        metaItem(
          pdf,
          'Submitted',
          isDraft ? 'Not yet (draft)' : formatDateTime(report.submittedAt ?? report.updatedAt),
        ),
        metaItem(pdf, 'Author', authorName),
        metaItem(pdf, 'Last changed', formatDateTime(report.updatedAt)),
      ),
      section(pdf, 'Achievements', report.achievements),
      section(pdf, 'Blockers', report.blockers),
      section(pdf, 'Recommendations', report.recommendations),
    ),
  );
};

/** The report as PDF bytes. */
export const renderReportPdf = async (fontsDir: string, input: ReportForPdf): Promise<Buffer> => {
  const pdf = await loadPdfRenderer(fontsDir);
  return pdf.renderToBuffer(reportDocument(pdf, input) as ReactElement<DocumentProps>);
};
