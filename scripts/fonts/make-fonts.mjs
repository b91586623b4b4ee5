// Remakes resources/fonts from the Noto fonts published on npm (OFL-1.1). Run by hand when the
// fonts change, never by the build or CI: the results are committed.
//
//   npm install --no-save subset-font@2.9.0   # HarfBuzz's subsetter (WebAssembly), dev-only
//   node scripts/fonts/make-fonts.mjs
//
// Each source package is fetched with `npm pack` into a temporary folder. The small fonts are
// copied whole; the CJK ones are subset (resources/fonts/README.md says to what and why).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'resources', 'fonts');
const work = mkdtempSync(join(tmpdir(), 'mmm-fonts-'));

/** Unpacks one npm package and returns the path of a file inside it. */
const fromPackage = (spec, file) => {
  const folder = join(work, spec.replace(/[^a-z0-9.-]/gi, '_'));
  mkdirSync(folder, { recursive: true });
  const tarball = execFileSync('npm', ['pack', spec, '--silent'], { cwd: folder })
    .toString()
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', tarball], { cwd: folder });
  return join(folder, 'package', file);
};

const range = (from, to) => {
  let text = '';
  for (let code = from; code <= to; code += 1) text += String.fromCodePoint(code);
  return text;
};
/** CJK punctuation, full-width forms and the kana every Japanese name may hold. */
const cjkCommon = range(0x3000, 0x303f) + range(0xff00, 0xffef) + range(0x3040, 0x30ff);

const whole = [
  [
    '@expo-google-fonts/noto-sans@0.4.2',
    '400Regular/NotoSans_400Regular.ttf',
    'NotoSans-Regular.ttf',
  ],
  ['@expo-google-fonts/noto-sans@0.4.2', '700Bold/NotoSans_700Bold.ttf', 'NotoSans-Bold.ttf'],
  // Not Noto Sans Arabic: it draws a letter's dots as separate glyphs with no character, which
  // pdfkit maps to nothing and text extraction reads as garbage; Plex maps every glyph to its letter.
  [
    '@expo-google-fonts/ibm-plex-sans-arabic@0.4.2',
    '400Regular/IBMPlexSansArabic_400Regular.ttf',
    'IBMPlexSansArabic-Regular.ttf',
  ],
  [
    '@expo-google-fonts/ibm-plex-sans-arabic@0.4.2',
    '700Bold/IBMPlexSansArabic_700Bold.ttf',
    'IBMPlexSansArabic-Bold.ttf',
  ],
  [
    '@expo-google-fonts/noto-sans-hebrew@0.4.1',
    '400Regular/NotoSansHebrew_400Regular.ttf',
    'NotoSansHebrew-Regular.ttf',
  ],
  [
    '@expo-google-fonts/noto-sans-hebrew@0.4.1',
    '700Bold/NotoSansHebrew_700Bold.ttf',
    'NotoSansHebrew-Bold.ttf',
  ],
  [
    '@expo-google-fonts/noto-emoji@0.4.7',
    '400Regular/NotoEmoji_400Regular.ttf',
    'NotoEmoji-Regular.ttf',
  ],
];
const subsets = [
  // Every ideograph of the URO block (U+4E00–U+9FFF, simplified and traditional) and the kana.
  [
    '@expo-google-fonts/noto-sans-sc@0.4.3',
    '400Regular/NotoSansSC_400Regular.ttf',
    'NotoSansSC-Regular.subset.ttf',
    range(0x4e00, 0x9fff) + cjkCommon,
  ],
  // Every Hangul syllable and jamo; Korean names in hanja are drawn by the SC font.
  [
    '@expo-google-fonts/noto-sans-kr@0.4.3',
    '400Regular/NotoSansKR_400Regular.ttf',
    'NotoSansKR-Regular.subset.ttf',
    range(0xac00, 0xd7a3) + range(0x1100, 0x11ff) + range(0x3130, 0x318f) + cjkCommon,
  ],
];

try {
  mkdirSync(out, { recursive: true });
  for (const [spec, file, name] of whole) copyFileSync(fromPackage(spec, file), join(out, name));
  for (const [spec, file, name, text] of subsets) {
    const bytes = await subsetFont(readFileSync(fromPackage(spec, file)), text, {
      targetFormat: 'truetype',
    });
    writeFileSync(join(out, name), bytes);
  }
  copyFileSync(
    fromPackage('@expo-google-fonts/noto-sans@0.4.2', 'LICENSE_FONT'),
    join(out, 'OFL-Noto.txt'),
  );
  copyFileSync(
    fromPackage('@expo-google-fonts/ibm-plex-sans-arabic@0.4.2', 'LICENSE_FONT'),
    join(out, 'OFL-IBM-Plex.txt'),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
