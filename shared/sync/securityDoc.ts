import { broadcastFlows, databaseKinds, decisionFlows, personFlows, type Flow } from './audiences';
import { collectionsIn, databaseOf, type DatabaseKind } from './layout';

/**
 * The tables of docs/SECURITY.md that say which database holds what and who reads and writes it,
 * rendered from shared/sync/layout.ts and audiences.ts — the code provisioning and the app's sync
 * run — so the document cannot say what the server does not do. `npm run docs:security` writes
 * them between the markers; a test fails when the file differs.
 */
export const SECURITY_TABLES_START =
  '<!-- databases: generated from shared/sync/layout.ts and audiences.ts by `npm run docs:security`; do not edit by hand (a test fails when stale) -->';
export const SECURITY_TABLES_END = '<!-- databases: end -->';

const kinds = Object.keys(databaseKinds) as DatabaseKind[];

const membersText = (kind: DatabaseKind): string => {
  const { memberRoles, memberNames } = databaseKinds[kind];
  const byName = {
    none: [],
    person: ['the person (by name)'],
    programme: ['the programme’s creator and members (by name)'],
    chat: ['the chat’s members (by name)'],
  }[memberNames];
  const roles = memberRoles.map((role) =>
    role === '_admin' ? 'server admins' : `role \`${role}\``,
  );
  const audience = kind === 'broadcast' ? ['the audience’s role (`mentor` or `manager`)'] : [];
  return [...byName, ...roles, ...audience].join(', ');
};

const databasesTable = (): string[] => [
  '| database | members (`_security`) | who reads | who writes | what is in it |',
  '|---|---|---|---|---|',
  ...kinds.map((kind) => {
    const info = databaseKinds[kind];
    const collections = collectionsIn[kind].map((name) => `\`${name}\``).join(', ');
    return `| ${info.name} | ${membersText(kind)} | ${info.readers} | ${info.writers} | ${info.holds} (${collections}) |`;
  }),
];

/** A table cell's text: a `|` would end the cell, even inside backticks. */
const cell = (text: string) => text.split('|').join('\\|');

const flowRow = (flow: Flow, name: (id: string) => string) =>
  `| \`${name(flow.id)}\` | \`${name(databaseOf(flow.source))}\` → \`${name(databaseOf(flow.target))}\` | ${flow.carries} | \`${cell(name(JSON.stringify(flow.selector)))}\` |`;

const flowsTable = (): string[] => {
  // One person's replications, with their database's name written as it is pattern-named above.
  const example = 'NAME';
  const person = databaseOf({ kind: 'person', name: example });
  const asPattern = (text: string) =>
    text.split(person).join('mmm-person-<hex name>').split(`"${example}"`).join('"<name>"');
  return [
    '| replication | from → to | carries | selector |',
    '|---|---|---|---|',
    ...[...decisionFlows, ...broadcastFlows].map((flow) => flowRow(flow, (text) => text)),
    ...personFlows(example).map((flow) => flowRow(flow, asPattern)),
  ];
};

export const renderSecurityTables = (): string =>
  [
    SECURITY_TABLES_START,
    '',
    ...databasesTable(),
    '',
    'Server-side replications (`_replicator`, continuous, with Mango selectors): two for the',
    'organisation, and two per person, whatever the number of people and programmes.',
    '',
    ...flowsTable(),
    '',
    SECURITY_TABLES_END,
  ].join('\n');
