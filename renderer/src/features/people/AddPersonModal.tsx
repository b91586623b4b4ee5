import {
  ActionIcon,
  Alert,
  Button,
  CopyButton,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCopy, IconWand } from '@tabler/icons-react';
import { useState } from 'react';
import { createUserInput } from '../../../../shared/contract/people';
import type { UserRole } from '../../../../shared/schema';
import { notifyDone, useCommand } from '../../host/use-command';
import { showHostErrors, validateWith } from '../../ui/forms';
import { generatePassword } from './generate-password';
import { roleLabels, roleOptions } from './people-looks';
import { NAME_MAX } from '../../../../shared/schema/fields';
import { lengthHint } from '../../ui/LengthHint';

interface NewPerson {
  username: string;
  fullName: string;
  email: string;
  role: UserRole;
  password: string;
}

const blank: NewPerson = { username: '', fullName: '', email: '', role: 'mentor', password: '' };

/**
 * An admin makes an account with a role and its profile. The password is set here and passed on
 * to the person by the admin; it goes to the server (hashed there) and is never kept by the app.
 */
export function AddPersonModal({
  opened,
  onClose,
}: {
  readonly opened: boolean;
  readonly onClose: () => void;
}) {
  const create = useCommand('users.create');
  const [problem, setProblem] = useState<string | null>(null);
  const [showPassword, setShowPassword] = useState(false);
  const form = useForm<NewPerson>({
    mode: 'controlled',
    initialValues: blank,
    validate: validateWith(createUserInput),
  });

  const close = () => {
    setProblem(null);
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    const result = await create.run(values);
    if (result.ok) {
      notifyDone(`${values.fullName} can now sign in as ${values.username}.`);
      form.reset();
      setShowPassword(false);
      close();
      return;
    }
    // Nothing typed is lost: the errors go on the fields, the rest above the form.
    setProblem(showHostErrors(form, result.error));
  });

  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Add a person"
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate data-testid="add-person-form">
        <Stack gap="sm">
          {problem !== null && (
            <Alert color="red" title="The account was not created">
              {problem}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Full name"
              placeholder="e.g. Ada Lovelace"
              required
              data-autofocus
              description={lengthHint(form.values.fullName, NAME_MAX)}
              {...form.getInputProps('fullName')}
            />
            <TextInput
              label="Email"
              placeholder="e.g. ada@example.org"
              type="email"
              required
              {...form.getInputProps('email')}
            />
            <TextInput
              label="Username"
              description="What they sign in with: lower-case letters, digits, . _ -"
              placeholder="e.g. ada"
              required
              autoComplete="off"
              {...form.getInputProps('username')}
            />
            <Select
              label="Role"
              description="What they may do in the organisation"
              data={roleOptions}
              allowDeselect={false}
              required
              {...form.getInputProps('role')}
            />
          </SimpleGrid>
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <PasswordInput
              label="Password"
              description="At least 8 characters. Give it to them in person or by a safe channel."
              required
              autoComplete="new-password"
              style={{ flex: 1 }}
              visible={showPassword}
              onVisibilityChange={setShowPassword}
              {...form.getInputProps('password')}
            />
            <Button
              variant="light"
              leftSection={<IconWand size={16} />}
              onClick={() => {
                form.setFieldValue('password', generatePassword());
                setShowPassword(true);
              }}
            >
              Generate
            </Button>
            <CopyButton value={form.values.password}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy the password'}>
                  <ActionIcon
                    variant="subtle"
                    size="lg"
                    color={copied ? 'teal' : 'gray'}
                    aria-label="Copy the password"
                    disabled={form.values.password === ''}
                    onClick={copy}
                  >
                    {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          <Text size="xs" c="dimmed">
            Creating an account needs the server. {roleLabels[form.values.role]}s get a profile at
            once; they complete it themselves.
          </Text>
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.pending}>
              Create account
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
