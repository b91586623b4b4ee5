import {
  IconAlertTriangle,
  IconCloudCheck,
  IconCloudOff,
  IconLoader2,
  IconLock,
  IconPlayerPause,
  IconRefresh,
} from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { SyncState } from '../../../../shared/contract';

/** How each sync state looks and reads, wherever it is shown. */
export const syncLooks: Readonly<
  Record<
    SyncState,
    {
      readonly label: string;
      readonly color: string;
      readonly icon: typeof IconCloudCheck;
      readonly explanation: string;
    }
  >
> = {
  connecting: {
    label: 'Connecting',
    color: 'gray',
    icon: IconLoader2,
    explanation: 'Reaching the sync server…',
  },
  syncing: {
    label: 'Syncing',
    color: 'blue',
    icon: IconRefresh,
    explanation: 'Sending your changes and fetching everyone else’s.',
  },
  idle: {
    label: 'Synced',
    color: 'teal',
    icon: IconCloudCheck,
    explanation: 'Up to date with the server.',
  },
  offline: {
    label: 'Offline',
    color: 'orange',
    icon: IconCloudOff,
    explanation:
      'The server cannot be reached. Keep working: your changes stay on this machine and sync when it is back.',
  },
  error: {
    label: 'Sync error',
    color: 'red',
    icon: IconAlertTriangle,
    explanation: 'The server answered with something unexpected; sync keeps retrying.',
  },
  unauthorised: {
    label: 'Sign in again',
    color: 'red',
    icon: IconLock,
    explanation:
      'The server no longer accepts your sign-in (the password may have changed). Sign out and sign in again; your local changes are kept.',
  },
  paused: {
    label: 'Paused',
    color: 'gray',
    icon: IconPlayerPause,
    explanation: 'Sync is paused: your changes stay on this machine until you resume.',
  },
};

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'long' });

/** "just now", "2 minutes ago", "yesterday". */
export const timeAgo = (iso: string, now: Date): string => {
  const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  if (Number.isNaN(seconds)) return 'at an unknown time';
  if (Math.abs(seconds) < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
};

/** The time now, refreshed every `everyMs`, for "… ago" texts that must not go stale. */
export const useNow = (everyMs = 30_000): Date => {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(new Date());
    }, everyMs);
    return () => {
      clearInterval(timer);
    };
  }, [everyMs]);
  return now;
};
