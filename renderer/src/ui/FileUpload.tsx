import { Anchor, FileInput, Group, Text } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { useState } from 'react';
import { fileLimits } from '../../../shared/contract';
import type { FilePurpose, StoredFile } from '../../../shared/contract';
import { hostClient } from '../host/host-client';
import { StoredFileLink } from './StoredFileLink';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export const readAsBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => {
      reject(reader.error ?? new Error('The file could not be read.'));
    };
    reader.onload = () => {
      // readAsDataURL gives a string `data:<type>;base64,<bytes>`.
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });

/**
 * Picks a file and uploads it at once (`files.upload`): the size and type limits are checked here
 * first, for a quick answer, and again in the core, which also checks the content. The form keeps
 * only the returned reference.
 */
export function FileUpload({
  purpose,
  label,
  description,
  value,
  onChange,
  error,
  required,
}: {
  readonly purpose: FilePurpose;
  readonly label: string;
  readonly description?: string;
  readonly value: StoredFile | undefined;
  readonly onChange: (file: StoredFile | undefined) => void;
  readonly error?: React.ReactNode;
  readonly required?: boolean;
}) {
  const limits = fileLimits[purpose];
  const [problem, setProblem] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);

  const choose = async (file: File | null) => {
    setProblem(null);
    if (!file) {
      onChange(undefined);
      return;
    }
    if (!limits.mimeTypes.includes(file.type)) {
      setProblem(`Choose ${limits.what}.`);
      return;
    }
    if (file.size > limits.maxBytes) {
      setProblem(
        `That file is ${megabytes(file.size)}; at most ${megabytes(limits.maxBytes)} is allowed.`,
      );
      return;
    }
    setUploading(true);
    try {
      const result = await hostClient.call('files.upload', {
        purpose,
        name: file.name,
        mimeType: file.type,
        dataBase64: await readAsBase64(file),
      });
      if (result.ok) onChange(result.value);
      else setProblem(result.error.message);
    } catch (readError) {
      setProblem(readError instanceof Error ? readError.message : 'The file could not be read.');
    } finally {
      setUploading(false);
    }
  };

  return (
    <div>
      <FileInput
        label={label}
        description={
          description ??
          `${limits.what[0]?.toUpperCase() ?? ''}${limits.what.slice(1)}, at most ${megabytes(limits.maxBytes)}.`
        }
        placeholder={value ? value.name : 'Choose a file'}
        accept={limits.mimeTypes.join(',')}
        leftSection={<IconPaperclip size={16} />}
        clearable
        // Mantine's clear button has no name of its own (axe-core: button-name).
        clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
        required={required}
        disabled={uploading}
        error={problem ?? error}
        onChange={(file) => {
          void choose(file);
        }}
      />
      {value && (
        <Group gap={6} mt={4}>
          <Text size="xs" c="dimmed">
            Attached:
          </Text>
          <StoredFileLink file={value} />
          <Anchor
            component="button"
            type="button"
            size="xs"
            c="red"
            onClick={() => {
              onChange(undefined);
            }}
          >
            Remove
          </Anchor>
        </Group>
      )}
    </div>
  );
}
