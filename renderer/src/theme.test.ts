import { DEFAULT_THEME, isLightColor } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import {
  backgrounds,
  colouredText,
  contrastRatio,
  cssVariablesResolver,
  lightVariantText,
  schemeColours,
  theme,
} from './theme';

const AA = 4.5;
const { colors } = DEFAULT_THEME;
const names = Object.keys(colors).filter((name) => name !== 'dark' && name !== 'gray');

describe('the theme’s contrast (WCAG 2.2 AA)', () => {
  it('starts from Mantine defaults that fail it (why this module exists)', () => {
    expect(contrastRatio(colors.indigo[6], '#ffffff')).toBeLessThan(AA);
    expect(contrastRatio(colors.gray[6], '#ffffff')).toBeLessThan(AA);
    expect(contrastRatio(colors.yellow[9], colors.yellow[1])).toBeLessThan(AA);
    expect(contrastRatio(colors.dark[2], colors.dark[6])).toBeLessThan(AA);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: dimmed text, placeholders, links and errors read on every background`, () => {
      for (const [role, colour] of Object.entries(schemeColours[scheme])) {
        for (const background of backgrounds[scheme]) {
          expect(
            contrastRatio(colour, background),
            `${role} on ${background}`,
          ).toBeGreaterThanOrEqual(AA);
        }
      }
    });

    it(`${scheme}: coloured text reads on every background`, () => {
      for (const name of names) {
        for (const background of backgrounds[scheme]) {
          expect(
            contrastRatio(colouredText(name, scheme), background),
            `${name} on ${background}`,
          ).toBeGreaterThanOrEqual(AA);
        }
      }
    });
  }

  it('light badges and alerts: their text reads on their own background', () => {
    for (const name of names) {
      for (const background of [colors[name]?.[1] ?? '', colors[name]?.[2] ?? '', '#ffffff']) {
        expect(
          contrastRatio(lightVariantText(name), background),
          `${name} on ${background}`,
        ).toBeGreaterThanOrEqual(AA);
      }
    }
  });

  it('filled buttons: white or dark text, whichever reads, on the filled shade', () => {
    expect(theme.primaryShade).toEqual({ light: 8, dark: 8 });
    expect(theme.autoContrast).toBe(true);
    expect(theme.luminanceThreshold).toBe(0.179);
    for (const name of [...names, 'gray']) {
      const filled = colors[name]?.[8] ?? '';
      // What Mantine's autoContrast picks for a filled variant.
      const text = isLightColor(filled, theme.luminanceThreshold)
        ? DEFAULT_THEME.black
        : DEFAULT_THEME.white;
      expect(contrastRatio(text, filled), name).toBeGreaterThanOrEqual(AA);
    }
  });

  it('reaches the page through the CSS variables', () => {
    const resolved = cssVariablesResolver(theme as never);
    expect(resolved.light['--mantine-color-dimmed']).toBe(schemeColours.light.dimmed);
    expect(resolved.dark['--mantine-color-anchor']).toBe(schemeColours.dark.anchor);
    expect(resolved.light['--mantine-color-yellow-light-color']).toBe(lightVariantText('yellow'));
    // Outline variants write in the same readable colour as coloured text.
    expect(resolved.light['--mantine-color-orange-outline']).toBe(colouredText('orange', 'light'));
    expect(resolved.dark['--mantine-color-orange-outline']).toBe(colouredText('orange', 'dark'));
  });
});
