import type { RouteDef } from '../../shell/router';
import { ReportEditorScreen } from './ReportEditorScreen';
import { ReportScreen } from './ReportScreen';
import { ReportsScreen } from './ReportsScreen';

/**
 * The reports screens. `/reports/new` comes before `/reports/:reportId`; the new and edit pages
 * render the same editor element, so moving from one to the other keeps it (ReportEditorScreen).
 */
export const reportsRoutes: readonly RouteDef[] = [
  { pattern: '/reports', render: () => <ReportsScreen /> },
  { pattern: '/reports/new', render: () => <ReportEditorScreen reportId={null} /> },
  {
    pattern: '/reports/:reportId/edit',
    render: ({ reportId }) => <ReportEditorScreen reportId={reportId ?? null} />,
  },
  {
    pattern: '/reports/:reportId',
    render: ({ reportId = '' }) => <ReportScreen key={reportId} reportId={reportId} />,
  },
];
