import {
  ActionIcon,
  Box,
  CloseButton,
  Combobox,
  Group,
  Highlight,
  Kbd,
  Loader,
  Modal,
  Text,
  TextInput,
  useCombobox,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { IconChecklist, IconFileText, IconSchool, IconSearch, IconUser } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { SearchHit, SearchKind } from '../../../../shared/contract';
import { hostClient } from '../../host/host-client';
import { navigate } from '../../shell/router';
import { groupHits, hitOfOption, hitPath, optionValue } from './search-results';

/** How long typing pauses before the search runs. */
const DEBOUNCE_MS = 150;
const PLACEHOLDER = 'Search programmes, tasks, reports, people';

const kindIcons: Readonly<Record<SearchKind, typeof IconSearch>> = {
  programme: IconSchool,
  task: IconChecklist,
  report: IconFileText,
  person: IconUser,
};

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface Answer {
  readonly text: string;
  readonly hits: readonly SearchHit[];
  readonly error?: string;
}

/** The search box with its grouped results; Enter (or a click) opens the chosen hit. */
function SearchBox({
  inputRef,
  autoFocus = false,
  onOpened,
}: {
  readonly inputRef?: React.RefObject<HTMLInputElement | null>;
  readonly autoFocus?: boolean;
  readonly onOpened?: () => void;
}) {
  const combobox = useCombobox({
    onDropdownClose: () => {
      combobox.resetSelectedOption();
    },
  });
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), DEBOUNCE_MS);
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (debounced === '') return;
    let current = true;
    void hostClient.call('search.find', { text: debounced }).then((result) => {
      if (!current) return;
      setAnswer(
        result.ok
          ? { text: debounced, hits: result.value }
          : { text: debounced, hits: [], error: result.error.message },
      );
    });
    return () => {
      current = false;
    };
  }, [debounced]);

  const query = text.trim();
  const searching = query !== '' && answer?.text !== query;
  // While the next answer is on its way the last one stays, so the list does not flicker.
  const hits = query === '' ? [] : (answer?.hits ?? []);
  const groups = groupHits(hits);
  const words = query.split(/\s+/).filter(Boolean);

  useEffect(() => {
    if (groups.length > 0) combobox.selectFirstOption();
  }, [answer, combobox, groups.length]);

  const open = (value: string) => {
    const hit = hitOfOption(value);
    if (!hit) return;
    combobox.closeDropdown();
    setText('');
    inputRef?.current?.blur();
    navigate(hitPath(hit));
    onOpened?.();
  };

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={open}
      withinPortal
      position="bottom-start"
      width="target"
      middlewares={{ flip: false, shift: true, size: false }}
    >
      <Combobox.Target>
        <TextInput
          ref={inputRef}
          value={text}
          // Inside a modal, Mantine's focus trap focuses the element marked data-autofocus.
          data-autofocus={autoFocus || undefined}
          aria-label="Search"
          placeholder={PLACEHOLDER}
          data-testid="global-search"
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSectionWidth={query === '' ? 64 : 36}
          rightSection={
            searching ? (
              <Loader size={14} />
            ) : query !== '' ? (
              <CloseButton
                size="sm"
                aria-label="Clear the search"
                onMouseDown={(event) => {
                  event.preventDefault();
                }}
                onClick={() => {
                  setText('');
                  combobox.closeDropdown();
                }}
              />
            ) : (
              <Kbd size="xs" visibleFrom="sm">
                {isMac ? '⌘ K' : 'Ctrl K'}
              </Kbd>
            )
          }
          onChange={(event) => {
            setText(event.currentTarget.value);
            combobox.openDropdown();
          }}
          onFocus={() => {
            if (query !== '') combobox.openDropdown();
          }}
          onBlur={() => {
            combobox.closeDropdown();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setText('');
              combobox.closeDropdown();
            }
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={query === ''} miw={320} data-testid="global-search-results">
        <Combobox.Options mah={420} style={{ overflowY: 'auto' }} aria-label="Search results">
          {groups.map((group) => (
            <Combobox.Group key={group.kind} label={group.label}>
              {group.hits.map((hit) => {
                const Icon = kindIcons[hit.kind];
                return (
                  <Combobox.Option
                    key={optionValue(hit)}
                    value={optionValue(hit)}
                    data-testid="search-hit"
                    data-kind={hit.kind}
                    data-id={hit.id}
                  >
                    <Group gap="sm" wrap="nowrap">
                      <Icon size={16} stroke={1.6} aria-hidden style={{ flexShrink: 0 }} />
                      <Box style={{ minWidth: 0 }}>
                        <Highlight highlight={words} size="sm" lineClamp={1}>
                          {hit.title}
                        </Highlight>
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {hit.detail}
                        </Text>
                      </Box>
                    </Group>
                  </Combobox.Option>
                );
              })}
            </Combobox.Group>
          ))}
          {groups.length === 0 && (
            <Combobox.Empty>
              {searching
                ? 'Searching…'
                : answer?.error !== undefined
                  ? answer.error
                  : `Nothing matches “${query}”.`}
            </Combobox.Empty>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

/**
 * The header's search over programmes, tasks, reports and people. Ctrl/Cmd+K focuses it; on a
 * narrow window it is an icon that opens the box in a dialog.
 */
export function GlobalSearch() {
  const inputRef = useRef<HTMLInputElement>(null);
  const narrow = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const [dialogOpened, dialog] = useDisclosure(false);
  useHotkeys(
    [
      [
        'mod+K',
        () => {
          if (narrow) dialog.open();
          else inputRef.current?.focus();
        },
      ],
    ],
    [],
  );
  return (
    <>
      <Box visibleFrom="xs" style={{ flex: '0 1 420px', minWidth: 150 }}>
        <SearchBox inputRef={inputRef} />
      </Box>
      <ActionIcon
        hiddenFrom="xs"
        variant="default"
        size="lg"
        aria-label="Open search"
        onClick={dialog.open}
      >
        <IconSearch size={18} />
      </ActionIcon>
      <Modal opened={dialogOpened} onClose={dialog.close} title="Search" yOffset="8vh" size="lg">
        <SearchBox autoFocus onOpened={dialog.close} />
      </Modal>
    </>
  );
}
