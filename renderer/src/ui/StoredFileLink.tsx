import { Anchor, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { StoredFile } from '../../../shared/contract';
import { hostClient } from '../host/host-client';

/** Offers a stored file as a download (its bytes come from the core when asked for). */
export function StoredFileLink({ file }: { readonly file: StoredFile }) {
  const [problem, setProblem] = useState<string | null>(null);
  const open = async () => {
    const result = await hostClient.call('files.read', { ref: file.ref });
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    const bytes = Uint8Array.from(atob(result.value.dataBase64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: result.value.mimeType }));
    const anchor = document.createElement('a');
    anchor.href = url;
    // The document's name for it: a file fetched from the server is kept by its content alone.
    anchor.download = file.name;
    anchor.click();
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 10_000);
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
