import { Group, SimpleGrid, Stack, Text } from '@mantine/core';
import {
  IconBrandFacebook,
  IconBrandGithub,
  IconBrandLinkedin,
  IconBrandX,
  IconWorld,
} from '@tabler/icons-react';
import type { UserDoc } from '../../../../shared/schema';
import { formatDate } from '../../ui/dates';
import { SafeLink } from './SafeLink';

function Fact({ label, value }: { readonly label: string; readonly value: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.4 }}>
        {label}
      </Text>
      {typeof value === 'string' || value === undefined ? (
        <Text size="sm" c={value ? undefined : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
          {value ?? 'Not given'}
        </Text>
      ) : (
        value
      )}
    </Stack>
  );
}

/** A profile's fields as text; its links are web links only (SafeLink). */
export function ProfileFacts({ profile }: { readonly profile: UserDoc }) {
  const links = [
    { key: 'website', icon: IconWorld, label: 'Website', href: profile.website },
    { key: 'github', icon: IconBrandGithub, label: 'GitHub', href: profile.social?.github },
    { key: 'linkedin', icon: IconBrandLinkedin, label: 'LinkedIn', href: profile.social?.linkedin },
    { key: 'twitter', icon: IconBrandX, label: 'Twitter', href: profile.social?.twitter },
    { key: 'facebook', icon: IconBrandFacebook, label: 'Facebook', href: profile.social?.facebook },
  ].filter((link): link is typeof link & { href: string } => Boolean(link.href));
  const place = [profile.city, profile.country].filter(Boolean).join(', ');
  return (
    <Stack gap="md" data-testid="profile-facts">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
        <Fact label="Username" value={profile.username} />
        <Fact label="Email" value={profile.email} />
        <Fact label="Location" value={place || undefined} />
        <Fact label="Member since" value={formatDate(profile.dateCreated)} />
      </SimpleGrid>
      <Fact
        label="Bio"
        value={
          profile.bio ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {profile.bio}
            </Text>
          ) : undefined
        }
      />
      <Fact
        label="Links"
        value={
          links.length > 0 ? (
            <Stack gap={4}>
              {links.map((link) => (
                <Group key={link.key} gap={6} wrap="nowrap">
                  <link.icon size={16} stroke={1.6} aria-label={link.label} />
                  <SafeLink href={link.href} />
                </Group>
              ))}
            </Stack>
          ) : undefined
        }
      />
    </Stack>
  );
}
