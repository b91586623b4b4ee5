import { Button, Popover, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';

/** An admin revokes an issued certificate; the reason is required and kept on it. */
export function RevokeButton({
  certificateId,
  label,
}: {
  readonly certificateId: string;
  readonly label: string;
}) {
  const revoke = useCommand('certificates.revoke');
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <Popover opened={opened} onChange={setOpened} trapFocus position="bottom-end" withArrow>
      <Popover.Target>
        <Button
          size="xs"
          color="red"
          variant="light"
          onClick={() => {
            setOpened((open) => !open);
          }}
          aria-label={`Revoke ${label}`}
        >
          Revoke
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void revoke.run({ certificateId, reason }).then((result) => {
              if (result.ok) {
                setOpened(false);
                notifyDone('The certificate is revoked.');
              } else {
                notifyFailure('Could not revoke the certificate', result.error);
              }
            });
          }}
        >
          <Stack gap="xs" w={280}>
            <TextInput
              label="Why is it revoked?"
              required
              maxLength={2000}
              value={reason}
              onChange={(event) => {
                setReason(event.currentTarget.value);
              }}
              error={revoke.error?.issues?.[0]?.message}
            />
            <Button type="submit" color="red" size="xs" loading={revoke.pending}>
              Revoke the certificate
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
