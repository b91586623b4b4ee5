import { AppShell, Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { AboutScreen } from '../features/about/AboutScreen';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { HostClock } from './HostClock';
import { screens, useNavigation } from './navigation';
import type { ScreenId } from './navigation';

const screenComponents: Record<ScreenId, () => React.JSX.Element> = {
  about: AboutScreen,
};

export function AppLayout() {
  const [navbarOpen, { toggle }] = useDisclosure();
  const { screen, navigate } = useNavigation();
  const Screen = screenComponents[screen];
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navbarOpen } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navbarOpen}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Menu"
            />
            <Title order={1} size="h4">
              MMM Mentor Manager
            </Title>
          </Group>
          <Group gap="md" wrap="nowrap">
            <HostClock />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {screens.map((item) => (
          <NavLink
            key={item.id}
            label={item.label}
            description={item.description}
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- one screen until the features land
            active={item.id === screen}
            onClick={() => {
              navigate(item.id);
            }}
          />
        ))}
        <Text size="xs" c="dimmed" mt="auto" p="xs">
          Works offline. Your data stays on this machine until it syncs.
        </Text>
      </AppShell.Navbar>
      <AppShell.Main>
        <Screen />
      </AppShell.Main>
    </AppShell>
  );
}
