import { Tabs } from '@mantine/core';
import { IconId, IconUserCircle } from '@tabler/icons-react';
import { navigate } from '../../shell/router';
import { useSession } from '../../shell/session';

/** Mentors keep two things about themselves: their profile and their mentor details. */
export function ProfileTabs({ current }: { readonly current: '/profile' | '/profile/details' }) {
  const { role } = useSession();
  if (role !== 'mentor') return null;
  return (
    <Tabs
      value={current}
      mb="lg"
      onChange={(value) => {
        if (value) navigate(value);
      }}
    >
      <Tabs.List>
        <Tabs.Tab value="/profile" leftSection={<IconUserCircle size={16} />}>
          Profile
        </Tabs.Tab>
        <Tabs.Tab value="/profile/details" leftSection={<IconId size={16} />}>
          Mentor details
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
