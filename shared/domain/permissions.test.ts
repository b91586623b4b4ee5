import { describe, expect, it } from 'vitest';
import { userRoles } from '../schema/users';
import { actions, can, grantOf, type Action } from './permissions';

/**
 * The policy written out a second time, by hand: A = any, O = own, - = none, for admin, manager,
 * mentor. A change to the matrix must change this too, on purpose.
 */
const expected: Record<Action, string> = {
  'users.editProfile': 'AOO',
  'users.setRole': 'A--',
  'userDetails.submit': 'OOO',
  'userDetails.approve': 'AA-',
  'programmes.create': 'AA-',
  'programmes.edit': 'AO-',
  'programmes.complete': 'AO-',
  'programmes.archive': 'AO-',
  'programmeMembers.manage': 'AO-',
  'applications.submit': '--O',
  'applications.decide': 'AO-',
  'tasks.create': 'AO-',
  'tasks.edit': 'AO-',
  'tasks.assign': 'AO-',
  'tasks.updateStatus': 'AOO',
  'tasks.reopen': 'AO-',
  'tasks.undoComplete': 'AOO',
  'reports.write': 'OOO',
  'reports.readAll': 'AO-',
  'certificates.generate': 'AO-',
  'certificates.approve': 'A--',
  'certificates.revoke': 'A--',
  'certificates.print': 'AOO',
  'referenceLists.manage': 'A--',
  'organisation.settings': 'A--',
  'chats.create': 'AAA',
  'chats.broadcast': 'AA-',
  'messages.send': 'OOO',
  'messages.edit': 'OOO',
  'forum.startThread': 'AAA',
  'forum.reply': 'AAA',
  'forum.editPost': 'AOO',
  'forum.moderate': 'AO-',
  'notifications.broadcast': 'A--',
  'notifications.markRead': 'OOO',
};

const letter = { any: 'A', own: 'O', none: '-' } as const;

const cells = actions.flatMap((action) =>
  userRoles.flatMap((role, index) =>
    (['own', 'others'] as const).map((ownership) => ({ action, role, index, ownership })),
  ),
);

describe('permission matrix', () => {
  it('lists exactly the actions of the expected policy', () => {
    expect([...actions].sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(actions)('%s grants what the policy says', (action) => {
    expect(userRoles.map((role) => letter[grantOf(role, action)]).join('')).toBe(expected[action]);
  });

  it.each(cells)('$action by $role on $ownership', ({ action, role, index, ownership }) => {
    const user = { id: 'u1', role };
    const resource = { ownerIds: ownership === 'own' ? ['x', 'u1'] : ['x'] };
    const policy = expected[action].charAt(index);
    const allowed = policy === 'A' || (policy === 'O' && ownership === 'own');
    expect(can(user, action, resource)).toBe(allowed);
  });

  it('allows "own" actions only with a resource to own', () => {
    expect(can({ id: 'u1', role: 'mentor' }, 'reports.write')).toBe(false);
    expect(can({ id: 'u1', role: 'admin' }, 'users.setRole')).toBe(true);
  });
});
