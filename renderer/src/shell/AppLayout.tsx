import { AppShell, Burger, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { confirmLeaving, leaveReason } from './leave-guard';
import type { UserRole } from '../../../shared/schema';
import { DesktopAlerts } from '../features/notifications/DesktopAlerts';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { GlobalSearch } from '../features/search/GlobalSearch';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { EmptyState } from '../ui/EmptyState';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { isActive, navItems } from './navigation';
import { hrefOf, matchPath, usePath } from './router';
import { routes } from './routes';
import { useSession } from './session';
import { useSyncFeed } from './sync-store';
import { UserMenu } from './UserMenu';

function CurrentScreen({ path, role }: { readonly path: string; readonly role: UserRole }) {
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (!params) continue;
    if (route.roles && !route.roles.includes(role)) {
      return (
        <EmptyState title="This screen is not for your role">
          <a href={hrefOf('/')}>Back to the dashboard</a>
        </EmptyState>
      );
    }
    return <>{route.render(params)}</>;
  }
  return (
    <EmptyState title="There is nothing at this address">
      <a href={hrefOf('/')}>Back to the dashboard</a>
    </EmptyState>
  );
}

/** The signed-in app: header (search, sync, theme, account), role-aware navigation, the screen. */
export function AppLayout() {
  const [navbarOpen, { toggle, close }] = useDisclosure();
  const path = usePath();
  const { role } = useSession();
  useSyncFeed();
  // On a narrow window the navigation is a drawer: going somewhere closes it.
  useEffect(() => {
    close();
  }, [path, close]);
  // Links are plain anchors: one listener asks before any of them leaves a screen with work at
  // stake (leave-guard), in the capture phase so it runs before the browser follows the link.
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (leaveReason() === null || event.defaultPrevented || event.button !== 0) return;
      // A new tab or window leaves nothing behind.
      if (event.ctrlKey || event.metaKey || event.shiftKey) return;
      const anchor = event.target instanceof Element ? event.target.closest('a[href^="#/"]') : null;
      const href = anchor?.getAttribute('href');
      if (!href || href === window.location.hash) return;
      event.preventDefault();
      confirmLeaving(() => {
        window.location.hash = href.slice(1);
      });
    };
    document.addEventListener('click', onClick, true);
    return () => {
      document.removeEventListener('click', onClick, true);
    };
  }, []);
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navbarOpen } }}
      padding="lg"
    >
      {/* A hash router owns the address: the link moves the focus instead of following its href. */}
      <a
        className="skip-link"
        href="#main-content"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Burger
              opened={navbarOpen}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Menu"
            />
            <Title order={1} size="h4" visibleFrom="xs">
              MMM Mentor Manager
            </Title>
          </Group>
          <Group
            gap="sm"
            wrap="nowrap"
            style={{ flex: 1, justifyContent: 'flex-end', minWidth: 0 }}
          >
            <GlobalSearch />
            <NotificationBell />
            <SyncIndicator />
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {navItems
            .filter((item) => item.roles.includes(role))
            .map((item) => (
              <NavLink
                key={item.path}
                href={hrefOf(item.path)}
                label={item.label}
                leftSection={<item.icon size={18} stroke={1.6} />}
                active={isActive(item, path)}
              />
            ))}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" p="xs">
            Works offline. Your changes stay on this machine until they sync.
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <DesktopAlerts />
      <AppShell.Main id="main-content" tabIndex={-1}>
        <CurrentScreen path={path} role={role} />
      </AppShell.Main>
    </AppShell>
  );
}
