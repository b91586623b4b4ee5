import { Anchor, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { StoredFile } from '../../../shared/contract';
import { hostClient } from '../host/host-client';
import { downloadFile } from './exported-files';

/** Offers a stored file as a download (its bytes come from the core when asked for). */
export function StoredFileLink({ file }: { readonly file: StoredFile }) {
  const [problem, setProblem] = useState<string | null>(null);
  const open = async () => {
    const result = await hostClient.call('files.read', { ref: file.ref });
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    // The document's name for it: a file fetched from the server is kept by its content alone.
    downloadFile({ ...result.value, fileName: file.name });
  };
  if (problem) {
    return (
      <Tooltip label={problem} multiline w={260}>
        <Text size="xs" c="dimmed" span>
          {file.name} (not on this machine)
        </Text>
      </Tooltip>
    );
  }
  return (
    <Anchor component="button" type="button" size="xs" onClick={() => void open()}>
      {file.name}
    </Anchor>
  );
}
