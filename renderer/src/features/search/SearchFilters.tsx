import { Group, NativeSelect } from '@mantine/core';
import type { SearchKind } from '../../../../shared/contract';
import { useLiveQuery } from '../../host/use-host';
import { groupOrder, kindLabels } from './search-results';

export interface SearchFilter {
  readonly kind: SearchKind | 'all';
  readonly programmeId: string;
}

export const noFilter: SearchFilter = { kind: 'all', programmeId: '' };

/**
 * What to search: one kind or everything, one programme or all. Native selects: each is one
 * keyboard stop with the platform's own list, and it works inside the search's dropdown.
 */
export function SearchFilters({
  filter,
  onChange,
}: {
  readonly filter: SearchFilter;
  readonly onChange: (filter: SearchFilter) => void;
}) {
  const programmes = useLiveQuery('programmes.list', {});
  const options = programmes.status === 'ready' ? programmes.value : [];
  return (
    <Group gap="xs" wrap="nowrap" data-testid="search-filters">
      <NativeSelect
        size="xs"
        aria-label="Search in"
        value={filter.kind}
        onChange={(event) => {
          onChange({ ...filter, kind: event.currentTarget.value as SearchFilter['kind'] });
        }}
        data={[
          { value: 'all', label: 'Everything' },
          ...groupOrder.map((kind) => ({ value: kind, label: kindLabels[kind] })),
        ]}
      />
      <NativeSelect
        size="xs"
        aria-label="Programme"
        style={{ minWidth: 0, flex: 1 }}
        value={filter.programmeId}
        onChange={(event) => {
          onChange({ ...filter, programmeId: event.currentTarget.value });
        }}
        data={[
          { value: '', label: 'All programmes' },
          ...options.map(({ programme }) => ({ value: programme.id, label: programme.name })),
        ]}
      />
    </Group>
  );
}
