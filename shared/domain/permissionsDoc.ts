import { userRoles } from '../schema/users';
import { lifecycleKinds, lifecycles, movesOf, undoMoves } from './lifecycles';
import { actions, permissionMatrix, type Grant } from './permissions';

/**
 * docs/PERMISSIONS.md, rendered from the permission matrix and the lifecycles so the document can
 * never say something the code does not do. `npm run docs:permissions` writes it; a test fails
 * when the file differs from what this renders.
 */
const cell: Record<Grant, string> = { any: 'yes', own: 'own', none: '—' };

const permissionTable = (): string[] => [
  `| action | ${userRoles.join(' | ')} | "own" means |`,
  `|---|${userRoles.map(() => '---|').join('')}---|`,
  ...actions.map((action) => {
    const row = permissionMatrix[action];
    const grants = userRoles.map((role) => cell[row.grants[role]]).join(' | ');
    return `| ${row.description} (\`${action}\`) | ${grants} | ${row.own} |`;
  }),
];

const lifecycleSection = (): string[] =>
  lifecycleKinds.flatMap((kind) => {
    const lifecycle = lifecycles[kind];
    const undos = undoMoves.filter((undo) => undo.kind === kind);
    const moves = movesOf(kind).map(({ from, to, action }) => {
      const undo = undos.find((entry) => entry.from === from && entry.to === to);
      const orUndo = undo
        ? ` (or \`${undo.action}\` within ${String(undo.windowMs / 60_000)} minutes of the move it takes back)`
        : '';
      return `| ${from} | ${to} | \`${action}\`${orUndo} |`;
    });
    return [
      `### ${kind} (\`${lifecycle.collection}.${lifecycle.field}\`)`,
      '',
      `Starts ${lifecycle.initial.join(' or ')}. Any move not listed is refused.`,
      '',
      '| from | to | needs |',
      '|---|---|---|',
      ...moves,
      '',
    ];
  });

export const renderPermissionsMarkdown = (): string =>
  [
    '# Permissions',
    '',
    '<!-- Generated from shared/domain/permissions.ts and lifecycles.ts by',
    '     `npm run docs:permissions`. Do not edit by hand: a test fails when this file is stale. -->',
    '',
    'Who may do what. **yes**: always; **own**: only on their own (last column); **—**: never.',
    'The app checks these in its commands; the server checks what a document alone can show',
    '(shared/domain/checkWrite.ts lists what it cannot).',
    '',
    ...permissionTable(),
    '',
    '## Lifecycles',
    '',
    'A move needs the permission named. Beyond it: a certificate is never approved by who generated',
    'it, revoking needs a reason, and a task is pending only with assignees.',
    '',
    ...lifecycleSection(),
  ].join('\n');
