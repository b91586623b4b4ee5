import { Badge, Tooltip } from '@mantine/core';
import type { CollectionName } from '../../../shared/schema';
import { useIsPending, useIssueFor } from '../shell/sync-store';

/**
 * "Not synced yet" on a document with local changes the server has not got, or the server's
 * refusal when it refused them. Nothing when the document is in sync.
 */
export function SyncMark({
  collection,
  id,
}: {
  readonly collection: CollectionName;
  readonly id: string;
}) {
  const pending = useIsPending(collection, id);
  const issue = useIssueFor(collection, id);
  if (issue?.kind === 'rejected') {
    return (
      <Tooltip label={issue.message} multiline w={280}>
        <Badge color="red" variant="outline" size="sm" data-testid="sync-mark">
          Refused by the server
        </Badge>
      </Tooltip>
    );
  }
  if (!pending) return null;
  return (
    <Tooltip label="Saved on this machine; it goes to the server when you are online.">
      <Badge color="orange" variant="outline" size="sm" data-testid="sync-mark">
        Not synced yet
      </Badge>
    </Tooltip>
  );
}
