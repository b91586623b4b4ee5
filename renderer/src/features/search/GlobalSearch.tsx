import {
  ActionIcon,
  Box,
  CloseButton,
  Combobox,
  Group,
  Kbd,
  Loader,
  Mark,
  Modal,
  Text,
  TextInput,
  useCombobox,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure, useHotkeys, useMediaQuery } from '@mantine/hooks';
import {
  IconChecklist,
  IconFileText,
  IconMessage,
  IconMessages,
  IconSchool,
  IconSearch,
  IconUser,
} from '@tabler/icons-react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { SearchAnswer, SearchKind, TextMatch } from '../../../../shared/contract';
import { hostClient } from '../../host/host-client';
import { navigate } from '../../shell/router';
import { useSyncStore } from '../../shell/sync-store';
import classes from './GlobalSearch.module.css';
import { SearchFilters, noFilter } from './SearchFilters';
import type { SearchFilter } from './SearchFilters';
import { groupHits, hitOfOption, hitPath, optionValue, segmentsOf } from './search-results';

/** How long typing pauses before the search runs. */
const DEBOUNCE_MS = 150;
const PLACEHOLDER = 'Search messages, tasks, reports, people…';

const kindIcons: Readonly<Record<SearchKind, typeof IconSearch>> = {
  programme: IconSchool,
  task: IconChecklist,
  report: IconFileText,
  person: IconUser,
  message: IconMessage,
  forumPost: IconMessages,
};

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface Answer extends SearchAnswer {
  /** What was asked: the text and the filter, as one key. */
  readonly asked: string;
  readonly error?: string;
}

const askedKey = (text: string, filter: SearchFilter) => JSON.stringify([text, filter]);

/** Text with the host's matches marked (the host matched: nothing is re-matched here). */
function Marked({
  text,
  matches,
}: {
  readonly text: string;
  readonly matches: readonly TextMatch[];
}) {
  return segmentsOf(text, matches).map((segment, index) =>
    segment.marked ? (
      <Mark key={index} color="yellow">
        {segment.text}
      </Mark>
    ) : (
      segment.text
    ),
  );
}

/** The search box with its grouped results; Enter (or a click) opens the chosen hit. */
function SearchBox({
  inputRef: givenRef,
  autoFocus = false,
  inDialog = false,
  onOpened,
}: {
  readonly inputRef?: React.RefObject<HTMLInputElement | null>;
  readonly autoFocus?: boolean;
  /** In the narrow window's dialog the results are part of the dialog, below the box. */
  readonly inDialog?: boolean;
  readonly onOpened?: () => void;
}) {
  const ownRef = useRef<HTMLInputElement>(null);
  const inputRef = givenRef ?? ownRef;
  const combobox = useCombobox({
    onDropdownClose: () => {
      combobox.resetSelectedOption();
    },
  });
  const [text, setText] = useState('');
  const [filter, setFilter] = useState<SearchFilter>(noFilter);
  const [debounced] = useDebouncedValue(text.trim(), DEBOUNCE_MS);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const searchRef = useRef<HTMLDivElement>(null);
  const asked = askedKey(debounced, filter);
  // A search answered while the index was still catching up is asked again a moment later; and
  // again whenever sync brings something (the results of a search typed just after signing in on
  // a new machine fill in as the data arrives).
  const [retry, setRetry] = useState(0);
  const syncedAt = useSyncStore((store) => store.status?.lastSyncedAt ?? null);

  useEffect(() => {
    if (debounced === '') return;
    let current = true;
    void hostClient
      .call('search.find', {
        text: debounced,
        ...(filter.kind === 'all' ? {} : { kinds: [filter.kind] }),
        ...(filter.programmeId === '' ? {} : { programmeId: filter.programmeId }),
      })
      .then((result) => {
        if (!current) return;
        setAnswer(
          result.ok
            ? { ...result.value, asked }
            : { hits: [], indexing: null, asked, error: result.error.message },
        );
      });
    return () => {
      current = false;
    };
  }, [debounced, filter, asked, retry, syncedAt]);

  useEffect(() => {
    if (!answer?.indexing) return;
    const timer = setTimeout(() => {
      setRetry((n) => n + 1);
    }, 1_000);
    return () => {
      clearTimeout(timer);
    };
  }, [answer]);

  const query = text.trim();
  const searching = query !== '' && answer?.asked !== askedKey(query, filter);
  // While the next answer is on its way the last one stays, so the list does not flicker.
  const hits = query === '' ? [] : (answer?.hits ?? []);
  const groups = groupHits(hits);
  const indexing = query === '' ? null : (answer?.indexing ?? null);

  // A new search chooses its first hit; the same search answered again (sync brought something,
  // the index caught up) keeps the one chosen with the arrows. Mantine's Enter clicks the option
  // at the remembered index, so after a re-ranked answer moves the chosen option the index is put
  // right before the browser can deliver a key (a layout effect), or Enter would open its neighbour.
  const chosenFor = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (groups.length === 0 || !answer) return;
    if (answer.asked !== chosenFor.current || combobox.getSelectedOptionIndex() < 0) {
      chosenFor.current = answer.asked;
      combobox.selectFirstOption();
    } else {
      combobox.updateSelectedOptionIndex('selected');
    }
  }, [answer, combobox, groups.length]);

  const open = (value: string) => {
    const option = hitOfOption(value);
    const hit = hits.find((h) => h.kind === option?.kind && h.id === option.id);
    if (!hit) return;
    combobox.closeDropdown();
    setText('');
    inputRef.current?.blur();
    navigate(hitPath(hit));
    onOpened?.();
  };

  const close = () => {
    setText('');
    combobox.closeDropdown();
  };

  return (
    // The results stay open while focus is anywhere in the search (the box, its clear button, the
    // filters) and close when it leaves. They follow the box in the page, not in a portal, so Tab
    // goes from the box to the filters.
    <Box
      ref={searchRef}
      data-testid="search-area"
      onBlur={() => {
        // Where focus went, once it has gone: not the blur's relatedTarget, which is null too
        // when the window loses focus (another app, a screenshot), and the results should stay.
        setTimeout(() => {
          if (!searchRef.current?.contains(document.activeElement)) combobox.closeDropdown();
        }, 0);
      }}
      onKeyDown={(event: React.KeyboardEvent<HTMLDivElement>) => {
        // Escape in a filter does what it does in the box (empties the search), and goes back to it.
        if (event.key === 'Escape' && event.target !== inputRef.current) {
          close();
          inputRef.current?.focus();
        }
      }}
    >
      <Combobox
        store={combobox}
        onOptionSubmit={open}
        withinPortal={false}
        position="bottom-start"
        width="target"
        middlewares={{ flip: false, shift: true, size: false }}
        // The box is in the fixed header, never scrolled away; hiding the results when
        // floating-ui thinks so (a page resize) would take the focus from a filter with them.
        hideDetached={false}
        // Group labels and "nothing matches" are grey text too.
        classNames={{
          option: classes.option,
          groupLabel: classes.detail,
          empty: classes.detail,
          ...(inDialog ? { dropdown: classes.inDialog } : {}),
        }}
      >
        {/* ARIA 1.2's combobox: role, aria-expanded, aria-controls and the active option. */}
        <Combobox.Target withExpandedAttribute>
          <TextInput
            ref={inputRef}
            value={text}
            // Inside a modal, Mantine's focus trap focuses the element marked data-autofocus.
            data-autofocus={autoFocus || undefined}
            aria-label="Search"
            aria-autocomplete="list"
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
                  // Escape clears from the keyboard: Tab goes from the box straight to the filters.
                  tabIndex={-1}
                  onMouseDown={(event) => {
                    event.preventDefault();
                  }}
                  onClick={close}
                />
              ) : (
                <Kbd size="xs" visibleFrom="sm">
                  {isMac ? '⌘ K' : 'Ctrl K'}
                </Kbd>
              )
            }
            onChange={(event) => {
              const value = event.currentTarget.value;
              setText(value);
              if (value.trim() === '') combobox.closeDropdown();
              else combobox.openDropdown();
            }}
            onFocus={() => {
              if (query !== '') combobox.openDropdown();
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') close();
            }}
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={query === ''} miw={340} data-testid="global-search-results">
          <Combobox.Header>
            <SearchFilters
              filter={filter}
              // Focus stays on the filter: a closed select changes with each arrow key.
              onChange={setFilter}
            />
          </Combobox.Header>
          <Combobox.Options mah={440} style={{ overflowY: 'auto' }} aria-label="Search results">
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
                      <Group gap="sm" wrap="nowrap" align="flex-start">
                        <Icon
                          size={16}
                          stroke={1.6}
                          aria-hidden
                          style={{ flexShrink: 0, marginTop: 2 }}
                        />
                        <Box style={{ minWidth: 0 }}>
                          <Text size="sm" lineClamp={1} data-testid="search-title">
                            <Marked text={hit.title} matches={hit.titleMatches} />
                          </Text>
                          {hit.excerpt && (
                            <Text size="xs" lineClamp={2} data-testid="search-excerpt">
                              <Marked text={hit.excerpt.text} matches={hit.excerpt.matches} />
                            </Text>
                          )}
                          <Text
                            size="xs"
                            lineClamp={1}
                            className={classes.detail}
                            data-testid="search-detail"
                          >
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
          {indexing && (
            <Combobox.Footer>
              <Text size="xs" role="status" className={classes.detail}>
                Still indexing ({indexing.done.toLocaleString()} of{' '}
                {indexing.total.toLocaleString()}
                ): some results may be missing.
              </Text>
            </Combobox.Footer>
          )}
        </Combobox.Dropdown>
      </Combobox>
    </Box>
  );
}

/**
 * The header's search over messages, forum posts, tasks, reports, programmes and people, on the
 * core's full-text index. Ctrl/Cmd+K focuses it; on a narrow window it is an icon that opens the
 * box in a dialog.
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
        <SearchBox autoFocus inDialog onOpened={dialog.close} />
      </Modal>
    </>
  );
}
