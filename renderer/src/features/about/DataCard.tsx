import { Button, Card, Code, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconClipboardText, IconDatabaseExport, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import type { AppInfo, BackupSummary, RestorePlan } from '../../../../shared/contract';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import { formatDateTime } from '../../ui/dates';
import { BackupList } from './BackupList';

function RestoreExplained({ plan }: { readonly plan: RestorePlan }) {
  return (
    <Stack gap="xs">
      <Text size="sm">
        It holds {plan.documents} documents of {plan.username} on {plan.serverUrl}
        {plan.unsynced > 0 ? `, ${plan.unsynced} of them changes not synced then.` : '.'}
      </Text>
      <Text size="sm">
        It replaces the data on this machine
        {plan.unsyncedNow > 0
          ? `, including ${plan.unsyncedNow} change(s) not on the server yet.`
          : '.'}{' '}
        A copy of the current data is kept in the backups folder.
      </Text>
      <Text size="sm">
        Then sync sends what the backup holds that the server does not. Anything newer on the server
        stays, and an edit made on both sides keeps both versions as a conflict.
      </Text>
    </Stack>
  );
}

/**
 * Backups, restores and the diagnostics report. The host chooses the files: a dialog in the
 * desktop app, the backups folder in browser mode (a browser cannot hand the core a path).
 */
export function DataCard({ info }: { readonly info: AppInfo }) {
  const desktop = info.mode === 'electron';
  const backUp = useCommand('backup.create');
  const prepare = useCommand('backup.prepareRestore');
  const restore = useCommand('backup.restore');
  const cancel = useCommand('backup.cancelRestore');
  const diagnostics = useCommand('diagnostics.collect');
  // Bumped after a backup or restore, so the list is read again.
  const [listVersion, setListVersion] = useState(0);
  const busy = backUp.pending || prepare.pending || restore.pending;

  const makeBackup = async () => {
    const result = await backUp.run({});
    if (!result.ok) notifyFailure('The backup was not made', result.error);
    else if (result.value) {
      notifyDone(`Backed up ${result.value.documents} documents to ${result.value.location}.`);
      setListVersion((n) => n + 1);
    }
  };

  const confirmRestore = (plan: RestorePlan) => {
    modals.openConfirmModal({
      title: `Restore the backup of ${formatDateTime(plan.createdAt)}?`,
      children: <RestoreExplained plan={plan} />,
      labels: { confirm: 'Restore', cancel: 'Cancel' },
      // red.9: white text on Mantine's default red is 3.3:1, under WCAG's 4.5:1.
      confirmProps: { color: 'red.9', 'data-testid': 'confirm-restore' },
      closeButtonProps: { 'aria-label': 'Close' },
      onCancel: () => {
        void cancel.run({ id: plan.id });
      },
      onConfirm: () => {
        void restore.run({ id: plan.id }).then((result) => {
          if (!result.ok) notifyFailure('The backup was not restored', result.error);
          else {
            notifyDone(
              `Restored ${result.value.documents} documents. The data from before is kept as a backup.`,
            );
            setListVersion((n) => n + 1);
          }
        });
      },
    });
  };

  const startRestore = async (backup?: BackupSummary) => {
    const result = await prepare.run(backup ? { fileName: backup.fileName } : {});
    if (!result.ok) notifyFailure('This backup cannot be restored', result.error);
    else if (result.value) confirmRestore(result.value);
  };

  const copyDiagnostics = async () => {
    const result = await diagnostics.run({});
    if (!result.ok) {
      notifyFailure('The diagnostics could not be collected', result.error);
      return;
    }
    const { text } = result.value;
    try {
      await navigator.clipboard.writeText(text);
      notifyDone('The diagnostics are on the clipboard: paste them into your message to support.');
    } catch {
      // No clipboard (a browser that refuses it): show the text to copy by hand.
      modals.open({
        title: 'Diagnostics',
        size: 'lg',
        children: (
          <Textarea
            label="Copy this text into your message to support"
            value={text}
            readOnly
            autosize
            minRows={8}
            maxRows={20}
            data-testid="diagnostics-text"
          />
        ),
      });
    }
  };

  return (
    <Card withBorder radius="md" padding="lg" data-testid="data-card">
      <Stack gap="sm">
        <Title order={3}>Your data</Title>
        <Text size="sm">
          A backup is a copy of everything this machine holds for you, unsynced changes included,
          taken while you work. Restoring one puts it back for the same person and server; sync then
          reconciles it with the server.{' '}
          {desktop
            ? 'You choose where each backup goes.'
            : 'In browser mode backups are saved in the backups folder:'}
        </Text>
        {!desktop && (
          <Code style={{ wordBreak: 'break-all' }} data-testid="backups-dir">
            {info.backupsDir}
          </Code>
        )}
        <Group gap="sm">
          <Button
            // indigo.7: white on the theme's indigo.6 is 4.3:1, under WCAG's 4.5:1.
            color="indigo.7"
            leftSection={<IconDatabaseExport size={16} />}
            loading={backUp.pending}
            disabled={busy && !backUp.pending}
            onClick={() => void makeBackup()}
          >
            Back up my data
          </Button>
          {desktop && (
            <Button
              variant="default"
              leftSection={<IconRestore size={16} />}
              loading={prepare.pending}
              disabled={busy && !prepare.pending}
              onClick={() => void startRestore()}
            >
              Restore from a backup…
            </Button>
          )}
          <Button
            variant="default"
            leftSection={<IconClipboardText size={16} />}
            loading={diagnostics.pending}
            onClick={() => void copyDiagnostics()}
          >
            Copy diagnostics
          </Button>
        </Group>
        <Title order={4}>{desktop ? 'In the backups folder' : 'Backups'}</Title>
        <BackupList key={listVersion} busy={busy} onRestore={(b) => void startRestore(b)} />
      </Stack>
    </Card>
  );
}
