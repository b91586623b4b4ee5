import { join } from 'node:path';
import type * as ReactPdf from '@react-pdf/renderer';

/**
 * The fonts every PDF of the app prints with, shipped in `resources/fonts` (Noto, OFL-1.1; see
 * its README): nothing is fetched at render time, so a PDF renders the same on a train.
 *
 * react-pdf picks a font per character from a list of families (textkit's fontSubstitution): the
 * first family holding a glyph draws it. Noto Sans comes first (Latin, Greek, Cyrillic), then the
 * right-to-left scripts (shaped by fontkit, ordered by textkit's bidi), then CJK and emoji.
 * Helvetica, which react-pdf appends to every list, is never reached for a character these hold.
 */

export const TEXT_FAMILY = 'Noto Sans';

/** The families in the order a character looks for its glyph. */
export const TEXT_FAMILIES = [
  TEXT_FAMILY,
  'IBM Plex Sans Arabic',
  'Noto Sans Hebrew',
  'Noto Sans SC',
  'Noto Sans KR',
  'Noto Emoji',
];

interface FontFile {
  readonly family: string;
  readonly file: string;
  readonly fontWeight: 400 | 700;
}

/** CJK and emoji come in one weight: bold text in them draws with the regular glyphs. */
export const FONT_FILES: readonly FontFile[] = [
  { family: 'Noto Sans', file: 'NotoSans-Regular.ttf', fontWeight: 400 },
  { family: 'Noto Sans', file: 'NotoSans-Bold.ttf', fontWeight: 700 },
  { family: 'IBM Plex Sans Arabic', file: 'IBMPlexSansArabic-Regular.ttf', fontWeight: 400 },
  { family: 'IBM Plex Sans Arabic', file: 'IBMPlexSansArabic-Bold.ttf', fontWeight: 700 },
  { family: 'Noto Sans Hebrew', file: 'NotoSansHebrew-Regular.ttf', fontWeight: 400 },
  { family: 'Noto Sans Hebrew', file: 'NotoSansHebrew-Bold.ttf', fontWeight: 700 },
  { family: 'Noto Sans SC', file: 'NotoSansSC-Regular.subset.ttf', fontWeight: 400 },
  { family: 'Noto Sans KR', file: 'NotoSansKR-Regular.subset.ttf', fontWeight: 400 },
  { family: 'Noto Emoji', file: 'NotoEmoji-Regular.ttf', fontWeight: 400 },
];

type Renderer = typeof ReactPdf;

/**
 * @react-pdf/renderer loaded on the first PDF, not at start-up (it takes ~0.5 s), with `import()`
 * because it is an ES module whose own imports only resolve as such. Its font registry is global
 * to the module, so the fonts are registered once, with the folder of the first caller.
 */
let loaded: Promise<Renderer> | undefined;

export const loadPdfRenderer = (fontsDir: string): Promise<Renderer> =>
  (loaded ??= import('@react-pdf/renderer').then(async (pdf) => {
    const families = new Map<string, { src: string; fontWeight: number }[]>();
    for (const { family, file, fontWeight } of FONT_FILES) {
      const list = families.get(family) ?? [];
      list.push({ src: join(fontsDir, file), fontWeight });
      families.set(family, list);
    }
    for (const [family, fonts] of families) pdf.Font.register({ family, fonts });
    // Words are broken where the text allows, never hyphenated: names and titles must print as
    // typed, and the default English hyphenation would cut words of every other language.
    pdf.Font.registerHyphenationCallback((word) => [word]);
    const source = pdf.Font.getFont({ fontFamily: TEXT_FAMILY, fontWeight: 400 });
    await source.load();
    keepGlyphCharacters(source.data);
    return pdf;
  }));

interface FontkitGlyph {
  readonly codePoints: readonly number[];
}
interface FontkitFont {
  getGlyph(id: number, characters?: readonly number[]): FontkitGlyph | null;
}
const PATCHED = Symbol.for('mmm.keepGlyphCharacters');

/**
 * fontkit caches a glyph with the characters of the first request for it, so once a Greek "Ε" has
 * been laid out, the Latin "E" that shares its glyph is recorded as "Ε" too, and pdfkit writes
 * that into the PDF's text mapping: the page then reads "ngines" for "Engines" in every later PDF
 * of the process. A glyph asked for other characters than the cached ones is answered with a copy
 * that carries them (the drawing is the same). Patched on the font class, once.
 */
const keepGlyphCharacters = (font: unknown): void => {
  const prototype = Object.getPrototypeOf(font) as FontkitFont & { [PATCHED]?: true };
  if (prototype[PATCHED]) return;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the font as `this` below
  const getGlyph = prototype.getGlyph;
  prototype.getGlyph = function (this: FontkitFont, id, characters = []) {
    const glyph = getGlyph.call(this, id, characters);
    if (
      !glyph ||
      characters.length === 0 ||
      (glyph.codePoints.length === characters.length &&
        glyph.codePoints.every((code, index) => code === characters[index]))
    ) {
      return glyph;
    }
    return Object.assign(
      Object.create(Object.getPrototypeOf(glyph) as object) as FontkitGlyph,
      glyph,
      {
        codePoints: [...characters],
      },
    );
  };
  prototype[PATCHED] = true;
};

/** Where the fonts are inside the app's resources folder. */
export const fontsDirOf = (resourcesDir: string): string => join(resourcesDir, 'fonts');
