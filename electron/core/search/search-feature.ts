import { SEARCH_LIMIT_PER_KIND } from '../../../shared/contract';
import type { SearchHit } from '../../../shared/contract';
import { mayReadReport } from '../../../shared/domain/reports';
import { bestMatches, parseSearch } from '../../../shared/domain/search';
import type { SearchQuery } from '../../../shared/domain/search';
import type { ReportDoc } from '../../../shared/schema';
import { programmesManagedBy, readMany } from '../dashboard/programme-scope';
import type { Feature } from '../host/registry';
import { displayName, queryDocs, requireWorkspace } from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';

/** How states read in a hit's line of context. */
const stateLabel: Readonly<Record<string, string>> = {
  active: 'Active',
  completed: 'Completed',
  archived: 'Archived',
  unassigned: 'Unassigned',
  pending: 'Pending',
  in_progress: 'In progress',
  draft: 'Draft',
  submitted: 'Submitted',
  admin: 'Admin',
  manager: 'Manager',
  mentor: 'Mentor',
};
const labelOf = (state: string) => stateLabel[state] ?? state;

/**
 * Whether the caller may read a report: shared/domain's rule, the one the reports list applies.
 * "Own programme" for it is one the caller manages, looked up once per search.
 */
const reportReader = async (workspace: Workspace) => {
  const { actor } = workspace;
  const managed =
    actor.role === 'manager' ? await programmesManagedBy(workspace) : new Set<string>();
  return (report: Pick<ReportDoc, 'createdBy' | 'state' | 'programmeId'>): boolean =>
    mayReadReport(actor, report, managed.has(report.programmeId) ? [actor.id] : []);
};

const find = async (workspace: Workspace, query: SearchQuery): Promise<SearchHit[]> => {
  const limit = SEARCH_LIMIT_PER_KIND;
  const [programmes, users, tasks, reports, mayRead] = await Promise.all([
    queryDocs(workspace, 'programmes', {}),
    queryDocs(workspace, 'users', {}),
    // Thousands of these: matched on RxDB's own data, only the hits become answers.
    readMany(workspace, 'tasks'),
    readMany(workspace, 'reports'),
    reportReader(workspace),
  ]);
  const programmeNames = new Map(programmes.map((programme) => [programme.id, programme.name]));
  const programmeOf = (id: string) => programmeNames.get(id) ?? 'Unknown programme';

  const programmeHits = bestMatches(
    programmes,
    query,
    (programme) => ({ title: programme.name, others: [programme.description] }),
    limit,
  ).map(({ item }): SearchHit => ({
    kind: 'programme',
    id: item.id,
    title: item.name,
    detail: `${labelOf(item.status)} programme`,
  }));
  const taskHits = bestMatches(tasks, query, (task) => ({ title: task.title }), limit).map(
    ({ item }): SearchHit => ({
      kind: 'task',
      id: item.id,
      title: item.title,
      detail: `${programmeOf(item.programmeId)} · ${labelOf(item.status)}`,
    }),
  );
  const reportHits = bestMatches(
    reports.filter((report) => mayRead(report)),
    query,
    (report) => ({ title: report.title }),
    limit,
  ).map(({ item }): SearchHit => ({
    kind: 'report',
    id: item.id,
    title: item.title,
    detail: `${programmeOf(item.programmeId)} · ${labelOf(item.state)}`,
  }));
  const personHits = bestMatches(
    users,
    query,
    (user) => ({ title: displayName(user), aliases: [user.username], others: [user.email] }),
    limit,
  ).map(({ item }): SearchHit => ({
    kind: 'person',
    id: item.id,
    title: displayName(item),
    detail: `${labelOf(item.role)} · ${item.email}`,
  }));
  return [...programmeHits, ...taskHits, ...reportHits, ...personHits];
};

/** The header's search box: programmes, tasks, reports and people matching some words. */
export const createSearchFeatures = (deps: FeatureDeps): Feature[] => [
  {
    name: 'search',
    commands: {
      'search.find': async ({ text }) => {
        const workspace = requireWorkspace(deps);
        const query = parseSearch(text);
        return query ? find(workspace, query) : [];
      },
    },
  },
];
