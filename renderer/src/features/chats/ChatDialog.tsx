import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useState } from 'react';

/**
 * A button opening a dialog about a chat (start a group or a broadcast, choose a group's people):
 * its fields, what the command refused, and the button that does it. `onConfirm` says whether it
 * was done (the dialog then closes; otherwise it stays with what was typed).
 */
export function ChatDialog({
  label,
  title,
  confirmLabel,
  pending,
  error,
  onOpen,
  onConfirm,
  children,
}: {
  readonly label: string;
  readonly title: string;
  readonly confirmLabel: string;
  readonly pending: boolean;
  readonly error: { readonly message: string } | null | undefined;
  /** Fills the fields afresh each time it opens. */
  readonly onOpen?: () => void;
  readonly onConfirm: () => Promise<boolean>;
  readonly children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="xs"
        variant="default"
        onClick={() => {
          onOpen?.();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Modal
        opened={open}
        onClose={() => {
          setOpen(false);
        }}
        title={title}
      >
        <Stack gap="sm">
          {children}
          {error && (
            <div role="alert" style={{ color: 'var(--mantine-color-red-8)' }}>
              {error.message}
            </div>
          )}
          <Group justify="flex-end">
            <Button
              loading={pending}
              onClick={() => {
                void onConfirm().then((done) => {
                  if (done) setOpen(false);
                });
              }}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
