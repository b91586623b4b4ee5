import { Alert, Box, Button, Card, FileButton, Group, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { fileLimits } from '../../../../shared/contract';
import type { OrganisationSettingsView } from '../../../../shared/contract';
import { notifyDone, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { readAsBase64 } from '../../ui/FileUpload';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SyncMark } from '../../ui/SyncMark';
import { useStoredImage } from '../../ui/use-stored-image';

const limits = fileLimits.logo;
const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** Why a picked file cannot be the logo, before it is read (the core checks its content too). */
const pickedProblem = (file: File): string | null => {
  if (file.type === 'image/svg+xml') {
    return 'SVG logos are not taken (an SVG can carry script): choose a PNG or JPEG image.';
  }
  if (!limits.mimeTypes.includes(file.type)) return `Choose ${limits.what}.`;
  if (file.size > limits.maxBytes) {
    return `That file is ${megabytes(file.size)}; the logo is at most ${megabytes(limits.maxBytes)}.`;
  }
  return null;
};

function LogoPreview({ logo }: { readonly logo: NonNullable<OrganisationSettingsView['logo']> }) {
  const url = useStoredImage(logo.ref);
  return (
    <Group gap="md" align="center" wrap="wrap">
      <Box
        data-testid="logo-preview"
        // White, as on the printed certificate (a transparent logo is laid on white there).
        bg="white"
        p="sm"
        style={{
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-sm)',
          minWidth: 120,
          minHeight: 64,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
        }}
      >
        {url ? (
          <img
            src={url}
            alt="The organisation’s logo"
            style={{ maxHeight: 72, maxWidth: 320, display: 'block' }}
          />
        ) : (
          <Text size="sm" c="dark.6">
            Not on this machine yet
          </Text>
        )}
      </Box>
      <Stack gap={2}>
        <Text size="sm" fw={500}>
          <bdi>{logo.name}</bdi>
        </Text>
        <Text size="xs" c="dimmed">
          {logo.mimeType === 'image/png' ? 'PNG' : 'JPEG'}, {kilobytes(logo.size)}
        </Text>
      </Stack>
    </Group>
  );
}

function LogoCard({ settings }: { readonly settings: OrganisationSettingsView }) {
  const setLogo = useCommand('organisation.setLogo');
  const removeLogo = useCommand('organisation.removeLogo');
  const [problem, setProblem] = useState<string | null>(null);

  const choose = async (file: File | null) => {
    setProblem(null);
    if (!file) return;
    const quick = pickedProblem(file);
    if (quick !== null) {
      setProblem(quick);
      return;
    }
    try {
      const result = await setLogo.run({
        name: file.name,
        mimeType: file.type,
        dataBase64: await readAsBase64(file),
      });
      if (result.ok) notifyDone('The logo is saved: certificates print it from now on.');
      else setProblem(result.error.message);
    } catch (readError) {
      setProblem(readError instanceof Error ? readError.message : 'The file could not be read.');
    }
  };

  const confirmRemove = () => {
    modals.openConfirmModal({
      title: 'Remove the logo?',
      children: <Text size="sm">Certificates print the app’s icon instead, on every machine.</Text>,
      labels: { confirm: 'Remove', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        void removeLogo.run({}).then((result) => {
          if (result.ok) notifyDone('The logo is removed.');
          else setProblem(result.error.message);
        });
      },
    });
  };

  return (
    <Card withBorder radius="md" padding="lg" maw={720} data-testid="logo-card">
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={3} size="h4">
            Certificate logo
          </Title>
          <SyncMark collection="referenceLists" id="organisation" />
        </Group>
        <Text size="sm" c="dimmed">
          Printed at the top of every certificate, on every machine — fetched ahead, so certificates
          printed offline carry it too. {limits.what[0]?.toUpperCase()}
          {limits.what.slice(1)}, at most {megabytes(limits.maxBytes)}; a wide logo on a white or
          transparent background prints best.
        </Text>
        {settings.logo ? (
          <LogoPreview logo={settings.logo} />
        ) : (
          <Text size="sm" data-testid="no-logo">
            No logo yet: certificates print the app’s icon.
          </Text>
        )}
        <Group gap="sm">
          <FileButton
            onChange={(file) => void choose(file)}
            accept={limits.mimeTypes.join(',')}
            // Mantine's hidden input: named, so assistive technology never meets an unnamed one.
            inputProps={{ 'aria-label': 'Logo file' }}
          >
            {(props) => (
              <Button
                {...props}
                leftSection={<IconPhotoUp size={16} />}
                loading={setLogo.pending}
                data-testid="upload-logo"
              >
                {settings.logo ? 'Replace logo' : 'Upload logo'}
              </Button>
            )}
          </FileButton>
          {settings.logo && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              loading={removeLogo.pending}
              onClick={confirmRemove}
            >
              Remove logo
            </Button>
          )}
        </Group>
        {problem && (
          <Alert color="red" title="The logo was not saved" role="alert" data-testid="logo-problem">
            {problem}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** Admins keep what every machine prints for the organisation: the certificate logo. */
export function OrganisationScreen() {
  const settings = useLiveQuery('organisation.settings', {});
  return (
    <>
      <PageHeader
        title="Organisation"
        description="What certificates print for the organisation, on every machine."
      />
      <QueryView state={settings}>{(value) => <LogoCard settings={value} />}</QueryView>
    </>
  );
}
