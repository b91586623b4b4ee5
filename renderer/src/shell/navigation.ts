import {
  IconBuilding,
  IconCertificate,
  IconChecklist,
  IconClipboardCheck,
  IconFileText,
  IconInbox,
  IconInfoCircle,
  IconLayoutDashboard,
  IconListDetails,
  IconMessages,
  IconMessageCircleQuestion,
  IconShieldCheck,
  IconSchool,
  IconUserCircle,
  IconUsers,
} from '@tabler/icons-react';
import type { UserRole } from '../../../shared/schema';

export interface NavItem {
  readonly path: string;
  readonly label: string;
  readonly icon: typeof IconLayoutDashboard;
  readonly roles: readonly UserRole[];
  /** Paths under this one that keep it highlighted. */
  readonly prefix?: string;
}

const everyone: readonly UserRole[] = ['admin', 'manager', 'mentor'];

/** What each role reaches from the navigation; what a role may not do is not offered at all. */
export const navItems: readonly NavItem[] = [
  { path: '/', label: 'Dashboard', icon: IconLayoutDashboard, roles: everyone },
  {
    path: '/programmes',
    label: 'Programmes',
    icon: IconSchool,
    roles: everyone,
    prefix: '/programmes',
  },
  { path: '/approvals', label: 'Approvals', icon: IconInbox, roles: ['admin', 'manager'] },
  { path: '/applications', label: 'My applications', icon: IconClipboardCheck, roles: ['mentor'] },
  { path: '/certificates', label: 'My certificates', icon: IconCertificate, roles: ['mentor'] },
  { path: '/tasks', label: 'Tasks', icon: IconChecklist, roles: everyone, prefix: '/tasks' },
  { path: '/reports', label: 'Reports', icon: IconFileText, roles: everyone, prefix: '/reports' },
  { path: '/chats', label: 'Chats', icon: IconMessages, roles: everyone, prefix: '/chats' },
  {
    path: '/forum',
    label: 'Forum',
    icon: IconMessageCircleQuestion,
    roles: everyone,
    prefix: '/forum',
  },
  {
    path: '/people',
    label: 'People',
    icon: IconUsers,
    roles: ['admin', 'manager'],
    prefix: '/people',
  },
  { path: '/reference-lists', label: 'Reference lists', icon: IconListDetails, roles: ['admin'] },
  { path: '/organisation', label: 'Organisation', icon: IconBuilding, roles: ['admin'] },
  {
    path: '/profile',
    label: 'My profile',
    icon: IconUserCircle,
    roles: everyone,
    prefix: '/profile',
  },
  { path: '/verify', label: 'Verify a certificate', icon: IconShieldCheck, roles: everyone },
  { path: '/about', label: 'About', icon: IconInfoCircle, roles: everyone },
];

export const isActive = (item: NavItem, path: string): boolean => {
  const [pathname = '/'] = path.split('?');
  if (item.prefix) return pathname === item.prefix || pathname.startsWith(`${item.prefix}/`);
  return pathname === item.path;
};
