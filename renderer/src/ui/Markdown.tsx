import { Anchor, Code, Text } from '@mantine/core';
import { memo } from 'react';
import ReactMarkdown from 'react-markdown';
import type { Components } from 'react-markdown';
import classes from './Markdown.module.css';

/** Only web and mail addresses survive as link targets; anything else (javascript:, data:...) goes. */
export const safeUrl = (url: string): string =>
  /^(?:https?:\/\/|mailto:)/i.test(url.trim()) ? url.trim() : '';

const components: Components = {
  // Links open outside the app, without a referrer; a link whose address was refused is text.
  a: ({ href, children }) =>
    href ? (
      <Anchor href={href} target="_blank" rel="noopener noreferrer" underline="always">
        {children}
      </Anchor>
    ) : (
      <span>{children}</span>
    ),
  // No images at all: a remote one would tell its server who read the post, and when.
  img: ({ alt }) => (
    <Text span c="dimmed" size="sm">
      [image{alt ? `: ${alt}` : ''}]
    </Text>
  ),
  code: ({ children }) => <Code>{children}</Code>,
};

/**
 * A forum post's markdown as React elements (react-markdown): raw HTML in the text is dropped, never
 * parsed into the page (`skipHtml`), link targets pass `safeUrl`, images are shown as their alt
 * text. Nothing is ever set as innerHTML, so there is no HTML to sanitise afterwards.
 */
export const Markdown = memo(function Markdown({ text }: { readonly text: string }) {
  return (
    <div className={classes.markdown}>
      <ReactMarkdown skipHtml urlTransform={safeUrl} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
