import { map, shareReplay } from 'rxjs';
import type { Observable } from 'rxjs';
import type { PersonRef } from '../../../shared/contract';
import type { UserDoc } from '../../../shared/schema';
import { findDoc, watchDocs } from './documents';
import type { Workspace } from './workspace';

/** Person id → the name screens show: the full name, else the username. */
export type PeopleNames = ReadonlyMap<string, string>;

/** Names in the order people expect: by letter, whatever the case or accents. */
export const compareNames = (a: string, b: string): number =>
  a.localeCompare(b, undefined, { sensitivity: 'base' });

/** For sorting anything with a name (people, programmes, list entries). */
export const byName = (a: { readonly name: string }, b: { readonly name: string }): number =>
  compareNames(a.name, b.name);

export const displayName = (user: Pick<UserDoc, 'fullName' | 'username'>): string =>
  user.fullName?.trim() ? user.fullName.trim() : user.username;

/** Everyone's display name, live (profiles are few: one per person of the organisation). */
export const watchPeopleNames = (workspace: Workspace): Observable<PeopleNames> =>
  watchDocs(workspace, 'users', {}).pipe(
    map((users) => new Map(users.map((user) => [user.id, displayName(user)]))),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

/** A person as lists show them; a person without a profile (yet) shows as their account name. */
export const personRef = (names: PeopleNames, id: string): PersonRef => ({
  id,
  name: names.get(id) ?? id,
});

/** One person's display name, now (their account name while their profile has not synced). */
export const nameOf = async (workspace: Workspace, id: string): Promise<string> => {
  const user = await findDoc(workspace, 'users', id);
  return user ? displayName(user) : id;
};
