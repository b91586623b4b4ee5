import {
  Anchor,
  createTheme,
  Drawer,
  Modal,
  Notification,
  NumberInput,
  darken,
  DEFAULT_THEME,
  lighten,
  luminance,
  type CSSVariablesResolver,
} from '@mantine/core';

/**
 * The app's look, and its contrast (WCAG 2.2 AA, DESIGN §5) fixed here once for every screen
 * rather than screen by screen. Mantine's defaults miss AA in places: the primary indigo-6 on
 * white is 4.32:1, "dimmed" grey 3.32:1 (dark: 4.03:1, less on cards), the light badges' text
 * (yellow 2.69:1, teal 4.33:1...), the dark theme's links and errors on cards. theme.test.ts
 * checks every pair below against the ratios.
 */

/** WCAG's contrast ratio of two opaque colours (1 to 21). */
export const contrastRatio = (a: string, b: string): number => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
};

/** AA for normal text is 4.5:1; a little headroom covers anti-aliasing and rounding. */
export const TEXT_CONTRAST = 4.6;

/** `colour` darkened (on light backgrounds) or lightened (on dark ones) until it reads on them. */
export const readableOn = (colour: string, backgrounds: readonly string[]): string => {
  const darkBackground = backgrounds.every((background) => luminance(background) < 0.18);
  for (let step = 0; step <= 20; step += 1) {
    const candidate = darkBackground ? lighten(colour, step * 0.05) : darken(colour, step * 0.05);
    if (backgrounds.every((background) => contrastRatio(candidate, background) >= TEXT_CONTRAST)) {
      return candidate;
    }
  }
  return darkBackground ? '#ffffff' : '#000000';
};

const { colors } = DEFAULT_THEME;
const gray = colors.gray;
const dark = colors.dark;

/** The backgrounds text sits on: body, cards and inputs, hovered rows and list items. */
export const backgrounds = {
  light: ['#ffffff', gray[0], gray[1], gray[2]],
  dark: [dark[7], dark[6], dark[5]],
} as const;

/** Secondary text ("dimmed"), placeholders, links and errors, per scheme. */
export const schemeColours = {
  light: {
    dimmed: readableOn(gray[6], backgrounds.light),
    placeholder: readableOn(gray[5], backgrounds.light),
    anchor: readableOn(colors.indigo[7], backgrounds.light),
    error: readableOn(colors.red[7], backgrounds.light),
  },
  dark: {
    dimmed: readableOn(dark[2], backgrounds.dark),
    placeholder: readableOn(dark[3], backgrounds.dark),
    anchor: readableOn(colors.indigo[4], backgrounds.dark),
    error: readableOn(colors.red[5], backgrounds.dark),
  },
} as const;

/**
 * The text of light variants (badges, alerts, theme icons, subtle buttons, the active navigation
 * link): Mantine uses shade 9 on shade 1, too pale for yellow, orange, lime, green and teal.
 */
export const lightVariantText = (name: string): string => {
  const shades = colors[name];
  if (!shades) return '#000000';
  return readableOn(shades[9], ['#ffffff', shades[1], shades[2]]);
};

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 for filled buttons and links: white on indigo-8 is 5.67:1.
  primaryShade: { light: 8, dark: 8 },
  // Filled buttons of pale colours (teal, yellow, orange) get dark text instead of white. 0.179 is
  // the luminance where black and white text read equally well (4.58:1); Mantine's 0.3 leaves
  // white on teal-8 at 3.94:1.
  autoContrast: true,
  luminanceThreshold: 0.179,
  defaultRadius: 'md',
  // People who ask their system for less motion get dialogs and notices without animation.
  respectReducedMotion: true,
  components: {
    // A link in running text is told apart by more than its colour (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // Their close buttons are icons: they need a name.
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } },
    }),
    // A number past its bounds stays as typed and is refused with a sentence: Mantine's default
    // quietly turns 99 into 40 when the field loses focus.
    NumberInput: NumberInput.extend({ defaultProps: { clampBehavior: 'none' } }),
  },
});

/** Coloured text (`c="red"`, `c="teal"`) on the scheme's backgrounds. */
export const colouredText = (name: string, scheme: 'light' | 'dark'): string => {
  const shades = colors[name];
  if (!shades) return scheme === 'light' ? '#000000' : '#ffffff';
  return scheme === 'light'
    ? readableOn(shades[8], backgrounds.light)
    : readableOn(shades[4], backgrounds.dark);
};

const perColour = (variable: string, value: (name: string) => string) =>
  Object.fromEntries(
    Object.keys(colors).map((name) => [`--mantine-color-${name}-${variable}`, value(name)]),
  );

export const cssVariablesResolver: CSSVariablesResolver = () => {
  return {
    variables: {},
    light: {
      ...perColour('light-color', lightVariantText),
      ...perColour('text', (name) => colouredText(name, 'light')),
      // Outline badges and buttons ("Not synced yet") draw their text in this colour.
      ...perColour('outline', (name) => colouredText(name, 'light')),
      '--mantine-color-dimmed': schemeColours.light.dimmed,
      '--mantine-color-placeholder': schemeColours.light.placeholder,
      '--mantine-color-anchor': schemeColours.light.anchor,
      '--mantine-color-error': schemeColours.light.error,
    },
    dark: {
      ...perColour('text', (name) => colouredText(name, 'dark')),
      ...perColour('outline', (name) => colouredText(name, 'dark')),
      '--mantine-color-dimmed': schemeColours.dark.dimmed,
      '--mantine-color-placeholder': schemeColours.dark.placeholder,
      '--mantine-color-anchor': schemeColours.dark.anchor,
      '--mantine-color-error': schemeColours.dark.error,
    },
  };
};
