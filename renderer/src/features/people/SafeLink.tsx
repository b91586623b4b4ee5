import { Anchor, Text } from '@mantine/core';

/**
 * A link someone typed into their profile. Only web addresses become links (the schema allows no
 * others, but a document from elsewhere is not trusted); they open outside the app, without a
 * referrer. Everything is rendered as text.
 */
export function SafeLink({ href, label }: { readonly href: string; readonly label?: string }) {
  if (!/^https?:\/\//i.test(href)) {
    return (
      <Text size="sm" span>
        {label ?? href}
      </Text>
    );
  }
  return (
    <Anchor
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      size="sm"
      style={{ overflowWrap: 'anywhere' }}
    >
      {label ?? href.replace(/^https?:\/\/(www\.)?/i, '').replace(/\/$/, '')}
    </Anchor>
  );
}
