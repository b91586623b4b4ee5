import {
  Anchor,
  Card,
  Grid,
  Group,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  IconBrandFacebook,
  IconBrandGithub,
  IconBrandLinkedin,
  IconBrandX,
  IconWorld,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { InputOf, MyProfile } from '../../../../shared/contract';
import { editProfileInput } from '../../../../shared/domain/inputs/people';
import { profileCompleteness } from '../../../../shared/domain/profile';
import { notifyDone, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf } from '../../shell/router';
import { useSession } from '../../shell/session';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SyncMark } from '../../ui/SyncMark';
import { showHostErrors, validateWith } from '../../ui/forms';
import { CompletenessCard } from './Completeness';
import { FormSection, SaveBar, SaveProblem } from './FormParts';
import { ProfileTabs } from './ProfileTabs';
import { DetailsStatusBadge, RoleBadge } from './people-looks';
import { HEADLINE_MAX } from '../../../../shared/domain/inputs/people';
import { NAME_MAX, TEXT_MAX } from '../../../../shared/schema/fields';
import { lengthHint } from '../../ui/LengthHint';

interface ProfileValues {
  userId: string;
  fullName: string;
  email: string;
  country: string;
  city: string;
  headline: string;
  bio: string;
  website: string;
  social: { github: string; facebook: string; twitter: string; linkedin: string };
}

const blankToUndefined = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** The form's values as `users.editProfile` takes them: the whole profile, blanks left out. */
const toInput = (values: ProfileValues): InputOf<'users.editProfile'> => {
  const social = {
    github: blankToUndefined(values.social.github),
    facebook: blankToUndefined(values.social.facebook),
    twitter: blankToUndefined(values.social.twitter),
    linkedin: blankToUndefined(values.social.linkedin),
  };
  const entries = (record: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
  return {
    userId: values.userId,
    ...entries({
      fullName: blankToUndefined(values.fullName),
      email: blankToUndefined(values.email),
      country: blankToUndefined(values.country),
      city: blankToUndefined(values.city),
      headline: blankToUndefined(values.headline),
      bio: blankToUndefined(values.bio),
      website: blankToUndefined(values.website),
    }),
    social: entries(social),
  };
};

const resolver = validateWith(editProfileInput);

const valuesOf = (userId: string, me: MyProfile): ProfileValues => {
  const profile = me.profile;
  return {
    userId,
    fullName: profile?.fullName ?? '',
    email: profile?.email ?? '',
    country: profile?.country ?? '',
    city: profile?.city ?? '',
    headline: profile?.headline ?? '',
    bio: profile?.bio ?? '',
    website: profile?.website ?? '',
    social: {
      github: profile?.social?.github ?? '',
      facebook: profile?.social?.facebook ?? '',
      twitter: profile?.social?.twitter ?? '',
      linkedin: profile?.social?.linkedin ?? '',
    },
  };
};

function ProfileForm({ me }: { readonly me: MyProfile }) {
  const { userId, role } = useSession();
  const save = useCommand('users.editProfile');
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<ProfileValues>({
    mode: 'controlled',
    initialValues: valuesOf(userId, me),
    validate: (values) => ({
      ...resolver(toInput(values)),
      ...(values.email.trim() === '' ? { email: 'Your email address is required.' } : {}),
    }),
  });
  // What the profile would be if saved now: the indicator follows the typing.
  const live = profileCompleteness({ ...toInput(form.values), email: form.values.email });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    const result = await save.run(toInput(values));
    if (result.ok) {
      form.resetDirty(values);
      notifyDone('Your profile is saved.');
      return;
    }
    setProblem(showHostErrors(form, result.error));
  });

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <form onSubmit={submit} noValidate data-testid="profile-form">
          <Stack gap="lg">
            <SaveProblem title="Your profile was not saved" problem={problem} />
            <FormSection
              title="About you"
              badge={me.profile && <SyncMark collection="users" id={me.profile.id} />}
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label="Full name"
                  placeholder="As printed on certificates"
                  description={lengthHint(form.values.fullName, NAME_MAX)}
                  {...form.getInputProps('fullName')}
                />
                <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
                <TextInput
                  label="Country"
                  description={lengthHint(form.values.country, NAME_MAX)}
                  {...form.getInputProps('country')}
                />
                <TextInput
                  label="City"
                  description={lengthHint(form.values.city, NAME_MAX)}
                  {...form.getInputProps('city')}
                />
              </SimpleGrid>
              <TextInput
                label="Headline"
                placeholder="e.g. Backend engineer at Acme, Go and Postgres"
                description={lengthHint(form.values.headline, HEADLINE_MAX)}
                {...form.getInputProps('headline')}
              />
              <Textarea
                label="Bio"
                placeholder="A few lines about your work and what you can help with"
                autosize
                minRows={3}
                maxRows={10}
                description={lengthHint(form.values.bio, TEXT_MAX)}
                {...form.getInputProps('bio')}
              />
            </FormSection>
            <FormSection title="Links">
              <Text size="sm" c="dimmed">
                Web addresses starting with http:// or https://. One is enough for a complete
                profile.
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label="Website"
                  placeholder="https://"
                  leftSection={<IconWorld size={16} />}
                  {...form.getInputProps('website')}
                />
                <TextInput
                  label="GitHub"
                  placeholder="https://github.com/…"
                  leftSection={<IconBrandGithub size={16} />}
                  {...form.getInputProps('social.github')}
                />
                <TextInput
                  label="LinkedIn"
                  placeholder="https://linkedin.com/in/…"
                  leftSection={<IconBrandLinkedin size={16} />}
                  {...form.getInputProps('social.linkedin')}
                />
                <TextInput
                  label="Twitter"
                  placeholder="https://x.com/…"
                  leftSection={<IconBrandX size={16} />}
                  {...form.getInputProps('social.twitter')}
                />
                <TextInput
                  label="Facebook"
                  placeholder="https://facebook.com/…"
                  leftSection={<IconBrandFacebook size={16} />}
                  {...form.getInputProps('social.facebook')}
                />
              </SimpleGrid>
            </FormSection>
            <SaveBar dirty={form.isDirty()} pending={save.pending} label="Save profile" />
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        {/* Stays in view while the long form scrolls: it follows what is typed. */}
        <Stack gap="lg" pos="sticky" top={76}>
          <CompletenessCard completeness={live} />
          {role === 'mentor' && (
            <Card withBorder radius="md" padding="md">
              <Stack gap={6}>
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    Mentor details
                  </Text>
                  {me.details && <DetailsStatusBadge status={me.details.status} />}
                </Group>
                <Text size="sm" c="dimmed">
                  {me.details
                    ? 'Your experience, tech stacks and CV, as managers see them.'
                    : 'Tell managers about your experience to be approved as a mentor.'}
                </Text>
                <Anchor href={hrefOf('/profile/details')} size="sm">
                  {me.details ? 'See or update your details' : 'Fill in your mentor details'}
                </Anchor>
              </Stack>
            </Card>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

/** The signed-in person's own profile, every field of it, with how complete it is. */
export function ProfileScreen() {
  const { role } = useSession();
  const me = useLiveQuery('users.me', {});
  return (
    <>
      <PageHeader
        title="My profile"
        badge={<RoleBadge role={role} />}
        description="What others in the organisation see about you."
      />
      <ProfileTabs current="/profile" />
      <QueryView state={me}>
        {(value) =>
          value ? (
            // Keyed by the profile's id: a sync while typing does not reset the form.
            <ProfileForm key={value.profile?.id ?? 'new'} me={value} />
          ) : null
        }
      </QueryView>
    </>
  );
}
