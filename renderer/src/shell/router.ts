import { useSyncExternalStore } from 'react';
import type { UserRole } from '../../../shared/schema';
import { confirmLeaving } from './leave-guard';

/**
 * A small hash router: the location is `#/programmes/01J…`, so a reload (or the Electron window
 * restoring) keeps the screen, links are plain anchors, and nothing needs a server route.
 */

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
  };
};

const currentPath = () => {
  const path = window.location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/';
};

/** The current path (`/programmes/42`), re-rendering when it changes. */
export const usePath = (): string => useSyncExternalStore(subscribe, currentPath);

/** The href of a path, for anchors. */
export const hrefOf = (path: string): string => `#${path}`;

/**
 * Goes to a path; when the screen being left has work at stake (leave-guard), after asking.
 * `confirmed` is for a screen that settled its own work first (a draft just discarded).
 */
export const navigate = (path: string, options: { readonly confirmed?: boolean } = {}): void => {
  const go = () => {
    window.location.hash = path;
  };
  if (options.confirmed === true) go();
  else confirmLeaving(go);
};

/** A screen's address: `/programmes/:programmeId` matches `/programmes/42` with `{ programmeId: '42' }`. */
export interface RouteDef {
  readonly pattern: string;
  readonly render: (params: Readonly<Record<string, string>>) => React.ReactNode;
  /** The roles the screen is for; others reaching it by address are told it is not theirs. */
  readonly roles?: readonly UserRole[];
}

export const matchPath = (
  pattern: string,
  path: string,
): Readonly<Record<string, string>> | undefined => {
  const want = pattern.split('/').filter(Boolean);
  const [pathname = ''] = path.split('?');
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index] ?? '';
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (part !== actual) {
      return undefined;
    }
  }
  return params;
};

/** The query part of the path (`/tasks?status=pending`), for screens whose filters are addressable. */
export const searchParamsOf = (path: string): URLSearchParams =>
  new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?') + 1) : '');
