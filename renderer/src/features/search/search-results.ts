import type { SearchHit, SearchKind } from '../../../../shared/contract';
import { searchKinds } from '../../../../shared/contract';

/** How each kind of hit is grouped and where it opens. */
export const kindLabels: Readonly<Record<SearchKind, string>> = {
  programme: 'Programmes',
  task: 'Tasks',
  report: 'Reports',
  person: 'People',
};

const kindPaths: Readonly<Record<SearchKind, string>> = {
  programme: '/programmes',
  task: '/tasks',
  report: '/reports',
  person: '/people',
};

export const hitPath = (hit: Pick<SearchHit, 'kind' | 'id'>): string =>
  `${kindPaths[hit.kind]}/${encodeURIComponent(hit.id)}`;

/** A hit as a combobox option value, and back. */
export const optionValue = (hit: Pick<SearchHit, 'kind' | 'id'>): string => `${hit.kind}:${hit.id}`;

export const hitOfOption = (value: string): Pick<SearchHit, 'kind' | 'id'> | undefined => {
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon);
  if (colon < 0 || !(searchKinds as readonly string[]).includes(kind)) return undefined;
  return { kind: kind as SearchKind, id: value.slice(colon + 1) };
};

/** The hits in the order the groups are shown, each group in the host's ranking. */
export const groupHits = (
  hits: readonly SearchHit[],
): { kind: SearchKind; label: string; hits: SearchHit[] }[] =>
  searchKinds
    .map((kind) => ({
      kind,
      label: kindLabels[kind],
      hits: hits.filter((hit) => hit.kind === kind),
    }))
    .filter((group) => group.hits.length > 0);
