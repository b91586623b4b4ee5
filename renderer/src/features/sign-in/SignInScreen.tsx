import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useLayoutEffect, useState } from 'react';
import { signInInput, signUpRequestInput } from '../../../../shared/contract';
import { useCommand } from '../../host/use-command';
import { useCommandResult } from '../../host/use-host';
import { ColorSchemeToggle } from '../../shell/ColorSchemeToggle';
import { showHostErrors, validateWith } from '../../ui/forms';

const LAST_SERVER_KEY = 'mmm:last-server-url';

const rememberedServer = (): string => {
  try {
    return window.localStorage.getItem(LAST_SERVER_KEY) ?? '';
  } catch {
    return '';
  }
};

/** Signing in to the sync server (offline too, for the last person of this machine) and signing up. */
export function SignInScreen() {
  const info = useCommandResult('app.info', {});
  const [tab, setTab] = useState<string | null>('sign-in');
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const signIn = useCommand('session.signIn');
  const signUp = useCommand('users.signUp');

  const signInForm = useForm({
    mode: 'controlled',
    initialValues: { serverUrl: rememberedServer(), username: '', password: '' },
    validate: validateWith(signInInput),
  });
  const signUpForm = useForm({
    mode: 'controlled',
    initialValues: {
      serverUrl: rememberedServer(),
      username: '',
      fullName: '',
      email: '',
      password: '',
    },
    validate: validateWith(signUpRequestInput),
  });

  // The last person of this machine finds their username filled in (they may clear it); the
  // refusals never name them, so this is the only place the machine says whose it is.
  const last = useCommandResult('session.lastUser', {});
  const lastUser = last.status === 'ready' ? last.value : null;
  // A layout effect: the answer is in the fields before anyone can type (the username field is
  // disabled while it loads), so what is typed is never overwritten by the pre-fill.
  useLayoutEffect(() => {
    if (!lastUser) return;
    const { serverUrl, username } = signInForm.getValues();
    const sameServer = !serverUrl || serverUrl.replace(/\/+$/, '') === lastUser.serverUrl;
    if (!serverUrl) signInForm.setFieldValue('serverUrl', lastUser.serverUrl);
    if (!username && sameServer) signInForm.setFieldValue('username', lastUser.username);
    // Only when the answer arrives; the form is a stable object.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [lastUser]);

  // The installation's suggested server fills the address when none was remembered.
  const suggested = info.status === 'ready' ? info.value.defaultServerUrl : null;
  useEffect(() => {
    if (!suggested) return;
    if (!signInForm.getValues().serverUrl) signInForm.setFieldValue('serverUrl', suggested);
    if (!signUpForm.getValues().serverUrl) signUpForm.setFieldValue('serverUrl', suggested);
    // Only when the suggestion arrives; the forms are stable objects.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [suggested]);

  const submitSignIn = signInForm.onSubmit(async (values) => {
    setProblem(null);
    setNotice(null);
    const result = await signIn.run(values);
    if (result.ok) {
      try {
        window.localStorage.setItem(LAST_SERVER_KEY, values.serverUrl);
      } catch {
        // Private windows may refuse storage: the address is only a convenience.
      }
      return;
    }
    setProblem(showHostErrors(signInForm, result.error));
    signInForm.setFieldValue('password', '');
  });

  const submitSignUp = signUpForm.onSubmit(async (values) => {
    setProblem(null);
    setNotice(null);
    const { fullName, ...rest } = values;
    const result = await signUp.run({ ...rest, ...(fullName.trim() ? { fullName } : {}) });
    if (!result.ok) {
      setProblem(showHostErrors(signUpForm, result.error));
      return;
    }
    signInForm.setValues({ serverUrl: values.serverUrl, username: values.username, password: '' });
    setNotice(
      `Your account ${values.username} is created. An administrator will approve it; then sign in here.`,
    );
    setTab('sign-in');
    signUpForm.reset();
  });

  return (
    <Center mih="100vh" p="md" style={{ position: 'relative' }}>
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <ColorSchemeToggle />
      </div>
      <Paper withBorder shadow="sm" radius="lg" p="xl" w="100%" maw={440}>
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              MMM Mentor Manager
            </Title>
            <Text c="dimmed" size="sm">
              Programmes, tasks and reports for your mentoring organisation — online or not.
            </Text>
          </div>
          {notice && (
            <Alert color="teal" data-testid="sign-in-notice">
              {notice}
            </Alert>
          )}
          {problem && (
            <Alert color="red" title="That did not work" data-testid="sign-in-error">
              {problem}
            </Alert>
          )}
          <Tabs
            // One form in the page at a time: the same labels (Username, Password) stay unique.
            keepMounted={false}
            value={tab}
            onChange={(next) => {
              setTab(next);
              setProblem(null);
            }}
          >
            <Tabs.List grow mb="md">
              <Tabs.Tab value="sign-in">Sign in</Tabs.Tab>
              <Tabs.Tab value="sign-up">Become a mentor</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="sign-in">
              <form onSubmit={submitSignIn} noValidate>
                <Stack gap="sm">
                  <TextInput
                    label="Server address"
                    placeholder="https://sync.example.org"
                    autoComplete="url"
                    required
                    {...signInForm.getInputProps('serverUrl')}
                  />
                  <TextInput
                    label="Username"
                    autoComplete="username"
                    required
                    disabled={last.status === 'loading'}
                    {...signInForm.getInputProps('username')}
                  />
                  <PasswordInput
                    label="Password"
                    autoComplete="current-password"
                    required
                    {...signInForm.getInputProps('password')}
                  />
                  <Button type="submit" loading={signIn.pending} mt="xs">
                    Sign in
                  </Button>
                  <Text size="xs" c="dimmed">
                    No network? The last person who signed in on this machine can still sign in with
                    their password and work offline.
                  </Text>
                </Stack>
              </form>
            </Tabs.Panel>
            <Tabs.Panel value="sign-up">
              <form onSubmit={submitSignUp} noValidate>
                <Stack gap="sm">
                  <TextInput
                    label="Server address"
                    placeholder="https://sync.example.org"
                    required
                    {...signUpForm.getInputProps('serverUrl')}
                  />
                  <TextInput
                    label="Username"
                    description="3–60 lower-case letters, digits, . _ or -"
                    autoComplete="username"
                    required
                    {...signUpForm.getInputProps('username')}
                  />
                  <TextInput
                    label="Full name"
                    autoComplete="name"
                    {...signUpForm.getInputProps('fullName')}
                  />
                  <TextInput
                    label="Email"
                    type="email"
                    autoComplete="email"
                    required
                    {...signUpForm.getInputProps('email')}
                  />
                  <PasswordInput
                    label="Password"
                    description="At least 8 characters"
                    autoComplete="new-password"
                    required
                    {...signUpForm.getInputProps('password')}
                  />
                  <Button type="submit" loading={signUp.pending} mt="xs">
                    Create my account
                  </Button>
                  <Text size="xs" c="dimmed">
                    An administrator approves new mentors. You can sign in once they have.{' '}
                    <Anchor
                      component="button"
                      type="button"
                      size="xs"
                      onClick={() => {
                        setTab('sign-in');
                      }}
                    >
                      I have an account
                    </Anchor>
                  </Text>
                </Stack>
              </form>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      </Paper>
    </Center>
  );
}
