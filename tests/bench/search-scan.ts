// The search as it was before the index (electron/core/search at main before issue 18), kept for
// the search benchmark to compare with: every programme, person, task and report read and matched
// per query — and, `withMessages`, every message too (what a scan of the new scope would cost).
import { SEARCH_LIMIT_PER_KIND } from '../../shared/contract';
import { mayReadReport } from '../../shared/domain/reports';
import { bestMatches } from '../../shared/domain/search';
import type { SearchQuery } from '../../shared/domain/search';
import { programmesManagedBy, readMany } from '../../electron/core/dashboard/programme-scope';
import { displayName, queryDocs } from '../../electron/core/workspace';
import type { Workspace } from '../../electron/core/workspace';

/** How many hits the scan found (its answer is not compared, only timed). */
export const scanSearch = async (
  workspace: Workspace,
  query: SearchQuery,
  withMessages: boolean,
): Promise<number> => {
  const limit = SEARCH_LIMIT_PER_KIND;
  const [programmes, users, tasks, reports, managed, messages] = await Promise.all([
    queryDocs(workspace, 'programmes', {}),
    queryDocs(workspace, 'users', {}),
    readMany(workspace, 'tasks'),
    readMany(workspace, 'reports'),
    programmesManagedBy(workspace),
    withMessages ? readMany(workspace, 'messages') : Promise.resolve([]),
  ]);
  const { actor } = workspace;
  const mayRead = (report: (typeof reports)[number]) =>
    mayReadReport(actor, report, managed.has(report.programmeId) ? [actor.id] : []);
  return [
    ...bestMatches(programmes, query, (p) => ({ title: p.name, others: [p.description] }), limit),
    ...bestMatches(tasks, query, (task) => ({ title: task.title }), limit),
    ...bestMatches(reports.filter(mayRead), query, (report) => ({ title: report.title }), limit),
    ...bestMatches(
      users,
      query,
      (user) => ({ title: displayName(user), aliases: [user.username], others: [user.email] }),
      limit,
    ),
    ...bestMatches(messages, query, (message) => ({ title: message.body }), limit),
  ].length;
};
