import { Center, Image } from '@mantine/core';
import { IconSchool } from '@tabler/icons-react';
import type { StoredFile } from '../../../../shared/contract';
import { useStoredImage } from '../../ui/use-stored-image';

const tints = ['blue', 'teal', 'grape', 'indigo', 'cyan', 'violet', 'orange', 'pink'] as const;

/** The same light tint for a programme every time, so placeholders tell programmes apart. */
const tintOf = (name: string): (typeof tints)[number] => {
  let hash = 0;
  for (const character of name) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) >>> 0;
  return tints[hash % tints.length] ?? 'blue';
};

/**
 * A programme's picture, or a quiet placeholder while it loads, when there is none, or when its
 * bytes are not on this machine (pictures are kept where they were uploaded).
 */
export function ProgrammePicture({
  picture,
  name,
  height,
  width,
  radius = 'md',
}: {
  readonly picture: StoredFile | undefined;
  readonly name: string;
  readonly height: number;
  readonly width?: number | string;
  readonly radius?: string;
}) {
  const url = useStoredImage(picture?.ref);
  if (url) {
    return (
      <Image
        src={url}
        alt={`Picture of ${name}`}
        h={height}
        w={width}
        radius={radius}
        fit="cover"
      />
    );
  }
  const tint = tintOf(name);
  return (
    <Center
      h={height}
      w={width}
      bg={`var(--mantine-color-${tint}-light)`}
      style={{ borderRadius: `var(--mantine-radius-${radius})`, flexShrink: 0 }}
      aria-hidden
    >
      <IconSchool
        size={Math.min(44, height / 2.4)}
        stroke={1.4}
        color={`var(--mantine-color-${tint}-light-color)`}
      />
    </Center>
  );
}
