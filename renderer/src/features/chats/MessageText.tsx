import { Anchor } from '@mantine/core';
import { memo } from 'react';
import { messageParts } from '../../../../shared/domain/conversations';

/**
 * A message's text. React renders every part as text (never markup); only http(s) addresses
 * become links, opening outside the app without a referrer (the desktop app's window handler
 * opens http(s) in the system browser and nothing else).
 */
export const MessageText = memo(function MessageText({ body }: { readonly body: string }) {
  return (
    <>
      {messageParts(body).map((part, index) =>
        part.kind === 'text' ? (
          <span key={index}>{part.text}</span>
        ) : (
          <Anchor
            key={index}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer"
            underline="always"
            style={{ overflowWrap: 'anywhere' }}
          >
            {part.text}
          </Anchor>
        ),
      )}
    </>
  );
});
